package io.jitploy.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.jitploy.github.Fixtures.CREDENTIAL;
import static io.jitploy.github.Fixtures.REPO;
import static io.jitploy.github.Fixtures.SHA;
import static io.jitploy.github.Fixtures.TOKEN;
import static io.jitploy.github.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.ledger.BadMark;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GitHubDeploymentTrackerTest {
    private static final String BUILD = "https://jenkins.example.com/job/shop/42/";
    private static final Instant AT = Instant.parse("2026-11-24T11:00:00Z");

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private final ExecutorService executor = Executors.newCachedThreadPool();
    private GitHubDeploymentTracker tracker;

    @BeforeEach
    void connect() throws GitHubException {
        DeploymentReporter reporter = new DeploymentReporter(GitHubAccess.connect(github.baseUrl(), TOKEN, CREDENTIAL));
        tracker = new GitHubDeploymentTracker(reporter, REPO, executor, Set.of("production"), Set.of("preview"));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(post(urlPathEqualTo("/repos/acme/shop/deployments")).willReturn(json(201, "deployment.json")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop/deployments")).willReturn(json(200, "deployments.json")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop/deployments/1")).willReturn(json(200, "deployment.json")));
        github.stubFor(
                get(urlPathEqualTo("/repos/acme/shop/deployments/2")).willReturn(json(200, "deployment-2.json")));
        for (int id : new int[] {1, 2}) {
            github.stubFor(post(urlPathEqualTo("/repos/acme/shop/deployments/" + id + "/statuses"))
                    .willReturn(json(201, "deployment-status.json")));
        }
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static Release release(String id, String version, String sha, BadMark bad) {
        return new Release(
                id,
                "shop",
                "production",
                version,
                sha,
                "main",
                BUILD,
                Trigger.PUSH,
                "alice",
                AT,
                AT,
                null,
                ReleaseResult.RUNNING,
                null,
                null,
                bad,
                null,
                null,
                null,
                null,
                null);
    }

    private static DeployIntent intent() {
        return DeployIntent.builder("shop", "production", "1.4.2", SHA)
                .user("alice")
                .buildUrl(BUILD)
                .environmentUrl(URI.create("https://shop.example.com"))
                .build();
    }

    /** Every deployment status posted, oldest first, as "deployment id:state". */
    private static List<String> statusesPosted() {
        List<LoggedRequest> newestFirst = github.getAllServeEvents().stream()
                .map(event -> event.getRequest())
                .filter(r -> r.getMethod().value().equals("POST") && r.getUrl().endsWith("/statuses"))
                .toList();
        List<String> posted = new ArrayList<>();
        for (LoggedRequest request : newestFirst) {
            posted.add(0, request.getUrl().replaceAll(".*/deployments/(\\d+)/statuses", "$1") + ":" + state(request));
        }
        return posted;
    }

    private static String state(LoggedRequest request) {
        return request.getBodyAsString().replaceAll("(?s).*\"state\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    @Test
    void aSuccessfulDeployIsStartedThenSucceedsAndTheReplacedReleaseBecomesInactive() throws Exception {
        Release current = release("r-42", "1.4.2", SHA, null);
        Release previous = release("r-41", "1.4.1", "9f8e7d6c5b4a39281706f5e4d3c2b1a098765432", null);

        tracker.started(current, intent());
        tracker.succeeded(current, intent(), Optional.of(previous)).get(20, TimeUnit.SECONDS);

        assertThat(statusesPosted()).containsExactly("1:in_progress", "1:success", "2:inactive");
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
                .withRequestBody(matchingJsonPath("$.environment", equalTo("production")))
                .withRequestBody(matchingJsonPath("$.production_environment", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.transient_environment", equalTo("false"))));
        github.verify(
                postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1/statuses"))
                        .withRequestBody(
                                equalToJson(
                                        """
                        {"state": "success", "environment_url": "https://shop.example.com",
                         "log_url": "https://jenkins.example.com/job/shop/42/", "auto_inactive": true,
                         "description": "Deployed by Jitploy"}
                        """)));
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/2/statuses"))
                .withRequestBody(matchingJsonPath("$.description", equalTo("Replaced by Jitploy release r-42"))));
        // Only the replaced release had to be looked up; the new one's id was remembered.
        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
    }

    @Test
    void aFailedDeployPostsFailureWithTheReason() throws Exception {
        Release current = release("r-42", "1.4.2", SHA, null);

        tracker.started(current, intent());
        tracker.failed(current, "health check failed: status 503, expected 200").get(20, TimeUnit.SECONDS);

        assertThat(statusesPosted()).containsExactly("1:in_progress", "1:failure");
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1/statuses"))
                .withRequestBody(
                        matchingJsonPath("$.description", equalTo("health check failed: status 503, expected 200"))));
    }

    @Test
    void aReleaseMarkedBadLaterIsFoundOnGitHubAndQuarantined() throws Exception {
        Release bad = release("r-42", "1.4.2", SHA, new BadMark("corrupts carts", "bob", AT.plusSeconds(3600)));

        tracker.failed(bad, "marked bad").get(20, TimeUnit.SECONDS);

        assertThat(statusesPosted()).containsExactly("1:failure");
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
                .withQueryParam("environment", equalTo("production"))
                .withQueryParam("task", equalTo("deploy")));
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1/statuses"))
                .withRequestBody(matchingJsonPath("$.description", equalTo("Marked bad by bob: corrupts carts"))));
    }

    @Test
    void aReleaseWithoutADeploymentOnGitHubIsLeftAlone() throws Exception {
        Release unknown = release("r-7", "0.9.0", SHA, null);

        tracker.failed(unknown, "deploy command exited with 1").get(20, TimeUnit.SECONDS);

        assertThat(statusesPosted()).isEmpty();
    }
}
