package io.jitploy.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.jitploy.github.Fixtures.CREDENTIAL;
import static io.jitploy.github.Fixtures.REPO;
import static io.jitploy.github.Fixtures.SHA;
import static io.jitploy.github.Fixtures.TOKEN;
import static io.jitploy.github.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.jitploy.deploy.CommitGate;
import io.jitploy.deploy.DeployIntent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubCommitGateTest {
    private static final String STATUSES = "/repos/acme/shop/statuses/" + SHA;
    private static final String CHECK_RUNS = "/repos/acme/shop/commits/" + SHA + "/check-runs";
    private static final String NO_CHECK_RUNS = "{\"total_count\":0,\"check_runs\":[]}";

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private CommitStatusGate statusGate;

    @BeforeEach
    void connect() throws GitHubException {
        statusGate = new CommitStatusGate(GitHubAccess.connect(github.baseUrl(), TOKEN, CREDENTIAL));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(get(urlPathEqualTo(CHECK_RUNS))
                .willReturn(json(200, "check-runs.json").withBody(NO_CHECK_RUNS)));
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private CommitGate gate(Duration waitAtMost) {
        return new GitHubCommitGate(statusGate, REPO, executor, Clock.systemUTC(), Duration.ofMillis(20), waitAtMost);
    }

    private static DeployIntent.Builder intent() {
        return DeployIntent.builder("shop", "production", "1.4.2", SHA)
                .user("alice")
                .requiredChecks(List.of("ci/build"));
    }

    private static String statuses(String state) {
        return "[{\"id\": 1, \"state\": \"" + state + "\", \"context\": \"ci/build\", \"description\": \"\"}]";
    }

    @Test
    void waitsWhileChecksArePendingThenPasses() throws Exception {
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .inScenario("ci")
                .whenScenarioStateIs(STARTED)
                .willReturn(json(200, "statuses.json").withBody(statuses("pending")))
                .willSetStateTo("second poll"));
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .inScenario("ci")
                .whenScenarioStateIs("second poll")
                .willReturn(json(200, "statuses.json").withBody(statuses("pending")))
                .willSetStateTo("green"));
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .inScenario("ci")
                .whenScenarioStateIs("green")
                .willReturn(json(200, "statuses.json").withBody(statuses("success"))));

        CommitGate.Verdict verdict =
                gate(Duration.ofSeconds(30)).check(intent().build()).get(20, TimeUnit.SECONDS);

        assertThat(verdict)
                .isEqualTo(
                        new CommitGate.Verdict(true, false, "All required checks passed for 6dcb09b5b578: ci/build."));
        github.verify(3, getRequestedFor(urlPathEqualTo(STATUSES)));
    }

    @Test
    void refusesOnceThePendingWaitRunsOut() throws Exception {
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .willReturn(json(200, "statuses.json").withBody(statuses("pending"))));

        CommitGate.Verdict verdict =
                gate(Duration.ofMillis(100)).check(intent().build()).get(20, TimeUnit.SECONDS);

        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.forced()).isFalse();
        assertThat(verdict.message())
                .isEqualTo("Waiting for checks on 6dcb09b5b578: still running: ci/build (pending). Gave up waiting"
                        + " after 100 ms.");
        assertThat(github.findAll(getRequestedFor(urlPathEqualTo(STATUSES)))).hasSizeBetween(1, 6);
    }

    @Test
    void redChecksRefuseAtOnceWithoutPolling() throws Exception {
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .willReturn(json(200, "statuses.json").withBody(statuses("error"))));

        CommitGate.Verdict verdict =
                gate(Duration.ofSeconds(30)).check(intent().build()).get(20, TimeUnit.SECONDS);

        assertThat(verdict.pass()).isFalse();
        assertThat(verdict.message()).isEqualTo("Deploy blocked by checks on 6dcb09b5b578: failed: ci/build (error).");
        github.verify(1, getRequestedFor(urlPathEqualTo(STATUSES)));
    }

    @Test
    void forceReasonOnTheIntentPassesAndIsRecorded() throws Exception {
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .willReturn(json(200, "statuses.json").withBody(statuses("failure"))));

        CommitGate.Verdict verdict = gate(Duration.ofSeconds(30))
                .check(intent().forceChecks("flaky e2e, INC-42").build())
                .get(20, TimeUnit.SECONDS);

        assertThat(verdict.pass()).isTrue();
        assertThat(verdict.forced()).isTrue();
        assertThat(verdict.message())
                .isEqualTo("Forced by alice (flaky e2e, INC-42): Deploy blocked by checks on 6dcb09b5b578: failed:"
                        + " ci/build (failure).");
    }

    @Test
    void unreadableGitHubFailsTheFutureWithTheActionableError() {
        github.stubFor(get(urlPathEqualTo(STATUSES)).willReturn(json(401, "bad-credentials.json")));

        assertThatThrownBy(() ->
                        gate(Duration.ofSeconds(30)).check(intent().build()).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(GitHubException.class)
                .hasMessageStartingWith("the GitHub token in credential 'github-deploy' was rejected");
    }
}
