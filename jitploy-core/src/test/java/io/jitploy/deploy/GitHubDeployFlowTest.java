package io.jitploy.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.jitploy.github.CommitStatusGate;
import io.jitploy.github.DeploymentReporter;
import io.jitploy.github.GitHubAccess;
import io.jitploy.github.GitHubCommitGate;
import io.jitploy.github.GitHubDeploymentTracker;
import io.jitploy.github.GitHubRepositoryRef;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.promotion.PromotionService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator against GitHub's REST API as served by WireMock with GitHub's documented payloads. */
class GitHubDeployFlowTest {
    private static final String TOKEN = "ghp_testtoken0123456789abcdefABCDEF0123";
    private static final GitHubRepositoryRef REPO = new GitHubRepositoryRef("github.com", "acme", "shop");
    private static final String STATUSES = "/repos/acme/shop/deployments/1/statuses";

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    private Engine engine;
    private ExecutorService githubThreads;
    private DeployOrchestrator orchestrator;
    private PromotionService promotions;
    private final List<CompletableFuture<Void>> quarantineReports = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Throwable> reportFailures = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void wire() throws Exception {
        engine = new Engine(dir);
        githubThreads = Executors.newFixedThreadPool(2);
        GitHubAccess access = GitHubAccess.connect(github.baseUrl(), TOKEN, "github-deploy");
        GitHubDeploymentTracker tracker = new GitHubDeploymentTracker(
                new DeploymentReporter(access), REPO, githubThreads, Set.of("production"), Set.of());
        promotions = PromotionService.over(engine.ledger)
                .events(engine.bus)
                .reporter(
                        (release, reason) -> {
                            // Quarantine does not wait for GitHub; keep the report's future so the test can.
                            CompletableFuture<Void> report =
                                    tracker.asBadReleaseReporter().reportBad(release, reason);
                            quarantineReports.add(report);
                            return report;
                        },
                        reportFailures::add)
                .clock(engine.clock)
                .build();
        orchestrator = DeployOrchestrator.builder(engine.ledger, engine.coordinator, promotions, engine.bus)
                .clock(engine.clock)
                .gate(new GitHubCommitGate(
                        new CommitStatusGate(access),
                        REPO,
                        githubThreads,
                        engine.clock,
                        Duration.ofSeconds(10),
                        Duration.ZERO))
                .tracker(tracker, reportFailures::add)
                .build();
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(
                get(urlPathMatching("/repos/acme/shop/statuses/[0-9a-f]+")).willReturn(json(200, "statuses.json")));
        github.stubFor(get(urlPathMatching("/repos/acme/shop/commits/[0-9a-f]+/check-runs"))
                .willReturn(json(200, "check-runs.json")));
        github.stubFor(post(urlPathEqualTo("/repos/acme/shop/deployments")).willReturn(json(201, "deployment.json")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop/deployments/1")).willReturn(json(200, "deployment.json")));
        github.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(201, "deployment-status.json")));
    }

    @AfterEach
    void stop() {
        assertThat(reportFailures).as("GitHub reports that failed").isEmpty();
        githubThreads.shutdownNow();
        engine.close();
    }

    private DeployIntent production(String version, List<String> checks) {
        return engine.push("production", version)
                .buildUrl("https://jenkins.example.com/job/shop/" + version.substring(1) + "/")
                .environmentUrl(URI.create("https://shop.example.com"))
                .requiredChecks(checks)
                .build();
    }

    @Test
    void aGatedDeployIsMirroredAsAGitHubDeploymentAndReplacesItsPredecessor() throws Exception {
        Release v1 = orchestrator
                .run(production("v1", List.of("ci/build", "lint")), engine.deployer)
                .get(30, TimeUnit.SECONDS)
                .release();
        listDeploymentOf(v1);
        Release v2 = orchestrator
                .run(production("v2", List.of("ci/build", "lint")), engine.deployer)
                .get(30, TimeUnit.SECONDS)
                .release();

        assertThat(v2.result()).isEqualTo(ReleaseResult.SUCCEEDED);
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(matchingJsonPath("$.ref", equalTo(Engine.sha("v1"))))
                .withRequestBody(matchingJsonPath("$.environment", equalTo("production")))
                .withRequestBody(matchingJsonPath("$.production_environment", equalTo("true")))
                .withRequestBody(matchingJsonPath(
                        "$.payload", equalTo("{\"jitploy_release_id\":\"" + v1.id() + "\",\"version\":\"v1\"}"))));
        List<JsonNode> statuses = postedStatuses();
        assertThat(statuses)
                .extracting(s -> s.get("state").asText())
                .containsExactly("in_progress", "success", "in_progress", "success", "inactive");
        assertThat(statuses.get(1).get("environment_url").asText()).isEqualTo("https://shop.example.com");
        assertThat(statuses.get(1).get("log_url").asText()).isEqualTo("https://jenkins.example.com/job/shop/1/");
        assertThat(statuses.get(4).get("description").asText()).isEqualTo("Replaced by Jitploy release " + v2.id());
    }

    @Test
    void redChecksAbortTheDeployBeforeAnyGitHubDeploymentExists() {
        assertThatThrownBy(() -> orchestrator
                        .run(production("v1", List.of("ci/test")), engine.deployer)
                        .get(30, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.CHECKS_FAILED))
                .hasMessageContaining("ci/test");
        github.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
        assertThat(engine.starts).isEmpty();
        assertThat(engine.ledger.history(APP, "production", 0, 1).items().get(0).result())
                .isEqualTo(ReleaseResult.ABORTED);
    }

    @Test
    void markingAReleaseBadMarksItsGitHubDeploymentFailed() throws Exception {
        Release v1 = orchestrator
                .run(production("v1", List.of("ci/build")), engine.deployer)
                .get(30, TimeUnit.SECONDS)
                .release();

        listDeploymentOf(v1);

        promotions.markBad(v1.id(), "charges twice", "dave");
        assertThat(quarantineReports).hasSize(1);
        quarantineReports.get(0).get(30, TimeUnit.SECONDS);

        JsonNode last = postedStatuses().get(postedStatuses().size() - 1);
        assertThat(last.get("state").asText()).isEqualTo("failure");
        assertThat(last.get("description").asText()).contains("dave").contains("charges twice");
    }

    /**
     * After a deploy the tracker forgets the deployment id and finds it again on GitHub by the release id that it
     * sent in the payload, as after a restart: GitHub lists the deployment with that payload.
     */
    private static void listDeploymentOf(Release release) {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop/deployments"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("[" + fixture("deployment.json").replace("r-42", release.id()) + "]")));
    }

    private static List<JsonNode> postedStatuses() {
        ObjectMapper json = new ObjectMapper();
        return github.findAll(postRequestedFor(urlPathEqualTo(STATUSES))).stream()
                .map(request -> {
                    try {
                        return json.readTree(request.getBodyAsString());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }

    private static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000")
                .withHeader("X-RateLimit-Remaining", "4999")
                .withHeader("X-RateLimit-Reset", "1795000000")
                .withBody(fixture(fixture));
    }

    /** GitHub's documented payloads, shared with the github package's tests. */
    private static String fixture(String name) {
        try (InputStream in = GitHubDeployFlowTest.class.getResourceAsStream("/github/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
