package io.jitploy.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.jitploy.github.Fixtures.CREDENTIAL;
import static io.jitploy.github.Fixtures.REPO;
import static io.jitploy.github.Fixtures.SHA;
import static io.jitploy.github.Fixtures.TOKEN;
import static io.jitploy.github.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CommitStatusGateTest {
    private static final String STATUSES = "/repos/acme/shop/statuses/" + SHA;
    private static final String CHECK_RUNS = "/repos/acme/shop/commits/" + SHA + "/check-runs";

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private CommitStatusGate gate;

    @BeforeEach
    void connect() throws GitHubException {
        gate = new CommitStatusGate(GitHubAccess.connect(github.baseUrl(), TOKEN, CREDENTIAL));
    }

    private void stubCommit(String statuses, String checkRuns) {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(get(urlPathEqualTo(STATUSES)).willReturn(json(200, statuses)));
        github.stubFor(get(urlPathEqualTo(CHECK_RUNS)).willReturn(json(200, checkRuns)));
    }

    private void stubDocumentedCommit() {
        stubCommit("statuses.json", "check-runs.json");
    }

    @Test
    void passesWhenEveryRequiredContextIsGreenAndSendsTheDocumentedRequests() throws Exception {
        stubDocumentedCommit();

        GateDecision decision = gate.evaluate(REPO, SHA, List.of("ci/build", "lint"));

        assertThat(decision.pass()).isTrue();
        assertThat(decision.pending()).isFalse();
        assertThat(decision.failingContexts()).isEmpty();
        assertThat(decision.missingContexts()).isEmpty();
        assertThat(decision.forced()).isEmpty();
        assertThat(decision.message()).isEqualTo("All required checks passed for 6dcb09b5b578: ci/build, lint.");

        List<LoggedRequest> requests = github.findAll(getRequestedFor(urlPathEqualTo(STATUSES)));
        assertThat(requests).hasSize(1);
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/shop")));
        for (String path : List.of("/repos/acme/shop", STATUSES, CHECK_RUNS)) {
            github.verify(getRequestedFor(urlPathEqualTo(path))
                    .withHeader("Authorization", equalTo("token " + TOKEN))
                    .withHeader("Accept", equalTo("application/vnd.github+json")));
        }
        github.verify(getRequestedFor(urlPathEqualTo(STATUSES)).withQueryParam("per_page", equalTo("100")));
        github.verify(getRequestedFor(urlPathEqualTo(CHECK_RUNS)).withQueryParam("per_page", equalTo("100")));
    }

    @Test
    void newestStatusPerContextAndNewestCheckRunPerNameDecide() throws Exception {
        stubDocumentedCommit();

        // ci/build was pending, then success (newest first); lint failed in an older run, then passed.
        GateDecision decision = gate.evaluate(REPO, SHA, List.of("ci/build", "ci/test", "e2e", "lint"));

        assertThat(decision.pass()).isFalse();
        assertThat(decision.pending()).isFalse();
        assertThat(decision.failingContexts()).containsExactly("ci/test (failure)", "e2e (check run timed_out)");
        assertThat(decision.message())
                .isEqualTo("Deploy blocked by checks on 6dcb09b5b578: failed: ci/test (failure), e2e (check run"
                        + " timed_out).");
    }

    @Test
    void missingRequiredContextBlocksWithAHintAboutTheConfiguredNames() throws Exception {
        stubDocumentedCommit();

        GateDecision decision = gate.evaluate(REPO, SHA, List.of("ci/build", "continuous-integration/jenkins"));

        assertThat(decision.pass()).isFalse();
        assertThat(decision.pending()).isTrue();
        assertThat(decision.missingContexts()).containsExactly("continuous-integration/jenkins");
        assertThat(decision.message())
                .isEqualTo("Waiting for checks on 6dcb09b5b578: not reported: continuous-integration/jenkins"
                        + " (reported: ci/build, ci/test, e2e, lint, security-scan; check github.required_contexts in"
                        + " .jitploy.yml against the commit's status contexts and check run names).");
    }

    @Test
    void runningCheckIsPending() throws Exception {
        stubDocumentedCommit();

        GateDecision decision = gate.evaluate(REPO, SHA, List.of("lint", "security-scan"));

        assertThat(decision.pass()).isFalse();
        assertThat(decision.pending()).isTrue();
        assertThat(decision.pendingContexts()).containsExactly("security-scan (check run in_progress)");
        assertThat(decision.message())
                .isEqualTo("Waiting for checks on 6dcb09b5b578: still running: security-scan (check run"
                        + " in_progress).");
    }

    @Test
    void withoutRequiredContextsEveryReportedCheckCounts() throws Exception {
        stubDocumentedCommit();

        GateDecision decision = gate.evaluate(REPO, SHA, List.of());

        assertThat(decision.pass()).isFalse();
        assertThat(decision.failingContexts()).containsExactly("ci/test (failure)", "e2e (check run timed_out)");
        assertThat(decision.pendingContexts()).containsExactly("security-scan (check run in_progress)");
    }

    @Test
    void aCommitWithoutChecksPassesWhenNothingIsRequired() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .willReturn(json(200, "statuses.json").withBody("[]")));
        github.stubFor(get(urlPathEqualTo(CHECK_RUNS))
                .willReturn(json(200, "check-runs.json").withBody("{\"total_count\":0,\"check_runs\":[]}")));

        assertThat(gate.evaluate(REPO, SHA, List.of()))
                .extracting(GateDecision::pass, GateDecision::message)
                .containsExactly(true, "No checks are required and none are reported for 6dcb09b5b578.");
        GateDecision required = gate.evaluate(REPO, SHA, List.of("ci/build"));
        assertThat(required.pass()).isFalse();
        assertThat(required.missingContexts()).containsExactly("ci/build");
        assertThat(required.message()).contains("(reported: none;");
    }

    @Test
    void forcingPassesButRecordsWhoWhyAndWhatWouldHaveBlocked() throws Exception {
        stubDocumentedCommit();
        GateDecision.ForceOverride force = new GateDecision.ForceOverride("alice", "hotfix for INC-42");

        GateDecision decision = gate.evaluateForced(REPO, SHA, List.of("ci/test", "ci/build"), force);

        assertThat(decision.pass()).isTrue();
        assertThat(decision.forced()).contains(force);
        assertThat(decision.failingContexts()).containsExactly("ci/test (failure)");
        assertThat(decision.message())
                .isEqualTo("Forced by alice (hotfix for INC-42): Deploy blocked by checks on 6dcb09b5b578: failed:"
                        + " ci/test (failure).");
    }

    @Test
    void forcingStillPassesWhenGitHubCannotBeReadAndSaysSo() throws Exception {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(401, "bad-credentials.json")));

        GateDecision decision = gate.evaluateForced(
                REPO, SHA, List.of("ci/build"), new GateDecision.ForceOverride("bob", "GitHub outage"));

        assertThat(decision.pass()).isTrue();
        assertThat(decision.forced()).map(GateDecision.ForceOverride::by).isEqualTo(Optional.of("bob"));
        assertThat(decision.message())
                .startsWith("Forced by bob (GitHub outage): checks were not verified because the GitHub token in"
                        + " credential 'github-deploy' was rejected")
                .doesNotContain(TOKEN);
    }

    @Test
    void rejectedTokenNamesTheCredentialAndTheScopesButNeverTheToken() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(401, "bad-credentials.json")));

        assertThatThrownBy(() -> gate.evaluate(REPO, SHA, List.of("ci/build")))
                .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.reason())
                        .isEqualTo(GitHubException.Reason.BAD_CREDENTIALS))
                .hasMessageStartingWith("the GitHub token in credential 'github-deploy' was rejected (401 Bad"
                        + " credentials) while opening the repository on acme/shop; check that it is valid")
                .hasMessageContaining("repo_deployment")
                .message()
                .doesNotContain(TOKEN);
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/shop")));
    }

    @Test
    void unknownRepositoryIsNotFound() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(404, "not-found.json")));

        assertThatThrownBy(() -> gate.evaluate(REPO, SHA, List.of()))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.reason()).isEqualTo(GitHubException.Reason.NOT_FOUND))
                .hasMessageStartingWith("GitHub repository acme/shop was not found, or the token in credential"
                        + " 'github-deploy' cannot see it; check the repository URL");
    }

    @Test
    void rateLimitFailsFastWithTheResetTimeInsteadOfSleeping() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(get(urlPathEqualTo(STATUSES))
                .willReturn(aResponse()
                        .withStatus(403)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withHeader("X-RateLimit-Limit", "5000")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset", "1795000000")
                        .withHeader("X-RateLimit-Resource", "core")
                        .withBody(Fixtures.read("rate-limited.json"))));

        assertThatThrownBy(() -> gate.evaluate(REPO, SHA, List.of()))
                .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.reason())
                        .isEqualTo(GitHubException.Reason.RATE_LIMITED))
                .hasMessage("GitHub rate limit reached for the token in credential 'github-deploy' while reading commit"
                        + " statuses of 6dcb09b5b578 on acme/shop; it resets at 2026-11-18T11:06:40Z. Retry then, or"
                        + " use a token with its own quota (e.g. a GitHub App installation)");
        github.verify(1, getRequestedFor(urlPathEqualTo(STATUSES)));
    }

    @Test
    void secondaryRateLimitSaysHowLongToWait() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(get(urlPathEqualTo(STATUSES)).willReturn(json(200, "statuses.json")));
        github.stubFor(get(urlPathEqualTo(CHECK_RUNS))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withHeader("Retry-After", "60")
                        .withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}")));

        assertThatThrownBy(() -> gate.evaluate(REPO, SHA, List.of()))
                .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.reason())
                        .isEqualTo(GitHubException.Reason.RATE_LIMITED))
                .hasMessageContaining("while reading check runs of 6dcb09b5b578 on acme/shop; GitHub asks to wait 60 s"
                        + " (secondary rate limit)");
        github.verify(1, getRequestedFor(urlPathEqualTo(CHECK_RUNS)));
    }

    @Test
    void unreachableGitHubIsUnavailable() throws Exception {
        int port;
        try (java.net.ServerSocket closed =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        CommitStatusGate offline =
                new CommitStatusGate(GitHubAccess.connect("http://127.0.0.1:" + port, TOKEN, CREDENTIAL));

        assertThatThrownBy(() -> offline.evaluate(REPO, SHA, List.of()))
                .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.reason())
                        .isEqualTo(GitHubException.Reason.UNAVAILABLE))
                .hasMessageStartingWith("cannot reach GitHub at http://127.0.0.1:" + port
                        + " while opening the repository on acme/shop: ")
                .message()
                .doesNotContain(TOKEN);
    }

    @Test
    void missingPermissionIsForbiddenWithTheScopesToGrant() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(get(urlPathEqualTo(STATUSES)).willReturn(json(200, "statuses.json")));
        github.stubFor(get(urlPathEqualTo(CHECK_RUNS)).willReturn(json(403, "forbidden.json")));

        assertThatThrownBy(() -> gate.evaluate(REPO, SHA, List.of()))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.reason()).isEqualTo(GitHubException.Reason.FORBIDDEN))
                .hasMessageStartingWith("GitHub refused access (403 Resource not accessible by personal access token)"
                        + " while reading check runs of 6dcb09b5b578 on acme/shop; the token in credential"
                        + " 'github-deploy' lacks a permission")
                .hasMessageContaining("Checks");
    }
}
