package io.jitploy.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.jitploy.config.ConfigLoader;
import io.jitploy.config.JitployConfig;
import io.jitploy.github.GitHubConnection;
import io.jitploy.github.GitHubException;
import io.jitploy.github.GitHubIntegrations;
import io.jitploy.github.GitHubRepositoryRef;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One orchestrator serving several applications, as a Jenkins folder's does, with {@link GitHubIntegrations} as its
 * gate and tracker, against WireMock serving GitHub's documented payloads.
 */
class GitHubIntegrationsFlowTest {
    private static final String TOKEN = "ghp_testtoken0123456789abcdefABCDEF0123";
    private static final String ROTATED = "ghp_rotated9876543210zyxwvuZYXWVU987654";
    private static final String CONFIG =
            """
            version: 1
            application: shop
            environments:
              staging:
                branches: [main]
                file: config/staging.enc.yaml
              production:
                promote_from: staging
                file: config/production.enc.yaml
              sandbox:
                branches: [sandbox]
                file: config/sandbox.enc.yaml
                github: {deployments: false}
              preview:
                pull_requests: true
                file: config/preview.enc.yaml
            """;

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @TempDir
    Path dir;

    private Engine engine;
    private ExecutorService githubThreads;
    private GitHubIntegrations integrations;
    private DeployOrchestrator orchestrator;
    private GitHubConnection connection;
    private JitployConfig config;
    private final List<Throwable> reportFailures = new CopyOnWriteArrayList<>();

    @BeforeEach
    void wire() throws Exception {
        engine = new Engine(dir);
        githubThreads = Executors.newFixedThreadPool(2);
        integrations = new GitHubIntegrations(
                githubThreads, engine.clock, HttpClient::newBuilder, Duration.ofSeconds(10), Duration.ZERO);
        orchestrator = DeployOrchestrator.builder(engine.ledger, engine.coordinator, engine.promotions, engine.bus)
                .clock(engine.clock)
                .worker(engine.worker)
                .gate(integrations)
                .tracker(integrations, reportFailures::add)
                .build();
        connection = new GitHubConnection(
                new GitHubRepositoryRef("github.com", "acme", "shop"), github.baseUrl(), "github-deploy");
        config = ConfigLoader.parse(CONFIG, ".jitploy.yml");
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(
                get(urlPathMatching("/repos/acme/shop/statuses/[0-9a-f]+")).willReturn(json(200, "statuses.json")));
        github.stubFor(get(urlPathMatching("/repos/acme/shop/commits/[0-9a-f]+/check-runs"))
                .willReturn(json(200, "check-runs.json")));
        github.stubFor(
                get(urlPathMatching("/repos/acme/shop/commits/[0-9a-f]{40}")).willReturn(json(200, "commit.json")));
        github.stubFor(post(urlPathEqualTo("/repos/acme/shop/deployments")).willReturn(json(201, "deployment.json")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop/deployments/1")).willReturn(json(200, "deployment.json")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop/deployments"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
        github.stubFor(post(urlPathEqualTo("/repos/acme/shop/deployments/1/statuses"))
                .willReturn(json(201, "deployment-status.json")));
    }

    @AfterEach
    void stop() {
        assertThat(reportFailures).as("GitHub reports that failed").isEmpty();
        githubThreads.shutdownNow();
        engine.close();
    }

    private Release deploy(String environment, String version, List<String> checks) throws Exception {
        DeployIntent.Builder intent = engine.push(environment, version)
                .buildUrl("https://jenkins.example.com/job/shop/" + version.substring(1) + "/");
        if (checks != null) {
            intent.requiredChecks(checks);
        }
        return orchestrator
                .run(intent.build(), engine.deployer)
                .get(30, TimeUnit.SECONDS)
                .release();
    }

    @Test
    void aConnectedApplicationIsGatedOnItsRepositoryAndMirroredAsDeployments() throws Exception {
        integrations.use("shop", connection, TOKEN, config);

        Release staging = deploy("staging", "v1", List.of("ci/build"));

        assertThat(staging.result()).isEqualTo(ReleaseResult.SUCCEEDED);
        String sha = Engine.sha("v1");
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/statuses/" + sha))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/commits/" + sha + "/check-runs")));
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(matchingJsonPath("$.ref", equalTo(sha)))
                .withRequestBody(matchingJsonPath("$.environment", equalTo("staging")))
                .withRequestBody(matchingJsonPath("$.production_environment", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.transient_environment", equalTo("false"))));
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1/statuses"))
                .withRequestBody(matchingJsonPath("$.state", equalTo("in_progress"))));
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments/1/statuses"))
                .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
                .withRequestBody(matchingJsonPath("$.log_url", equalTo("https://jenkins.example.com/job/shop/1/"))));

        deploy("production", "v2", null);
        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
                .withRequestBody(matchingJsonPath("$.environment", equalTo("production")))
                .withRequestBody(matchingJsonPath("$.production_environment", equalTo("true"))));
    }

    @Test
    void thePullRequestPreviewEnvironmentIsTransient() throws Exception {
        integrations.use("shop", connection, TOKEN, config);

        deploy("preview", "v1", null);

        github.verify(postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments"))
                .withRequestBody(matchingJsonPath("$.environment", equalTo("preview")))
                .withRequestBody(matchingJsonPath("$.transient_environment", equalTo("true")))
                .withRequestBody(matchingJsonPath("$.production_environment", equalTo("false"))));
    }

    @Test
    void anUnusableApiUrlIsRefusedWhenConnecting() {
        GitHubConnection broken = new GitHubConnection(connection.repository(), "not a url", "github-deploy");

        assertThatThrownBy(() -> integrations.use("shop", broken, TOKEN, config))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("check the API URL")
                .hasMessageNotContaining(TOKEN);
        assertThat(integrations.connection("shop")).isEmpty();
    }

    @Test
    void redChecksOfTheApplicationsRepositoryRefuseTheDeploy() throws Exception {
        integrations.use("shop", connection, TOKEN, config);

        assertThatThrownBy(() -> deploy("staging", "v1", List.of("ci/test")))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(DeployNotStartedException.class)
                .hasMessageContaining("ci/test (failure)");
        github.verify(0, postRequestedFor(urlPathEqualTo("/repos/acme/shop/deployments")));
    }

    @Test
    void anApplicationWithoutConnectionTalksToNobodyAndIsRefusedWhenItAsksForChecks() throws Exception {
        integrations.use("blog", connection, TOKEN, config);
        connected();

        Release unchecked = deploy("staging", "v1", null);
        assertThat(unchecked.result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThatThrownBy(() -> deploy("staging", "v2", List.of("ci/build")))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(DeployNotStartedException.class)
                .hasMessageContaining("no GitHub connection is configured for shop")
                .hasMessageContaining("remove github.required_contexts from staging");
        Release forced = orchestrator
                .run(
                        engine.push("staging", "v3")
                                .requiredChecks(List.of("ci/build"))
                                .forceChecks("GitHub is down")
                                .build(),
                        engine.deployer)
                .get(30, TimeUnit.SECONDS)
                .release();

        assertThat(forced.result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(forced.note()).contains("Forced by alice (GitHub is down)").contains("cannot be verified");
        assertNoRequests();
    }

    @Test
    void environmentsWithoutDeploymentsAreNotMirrored() throws Exception {
        integrations.use("shop", connection, TOKEN, config);
        connected();

        assertThat(deploy("sandbox", "v1", null).result()).isEqualTo(ReleaseResult.SUCCEEDED);

        assertNoRequests();
    }

    @Test
    void theSameSettingsKeepTheConnectionAndANewTokenConnectsAgain() throws Exception {
        integrations.use("shop", connection, TOKEN, config);
        deploy("staging", "v1", List.of("ci/build"));
        integrations.use("shop", connection, TOKEN, ConfigLoader.parse(CONFIG, ".jitploy.yml"));
        deploy("staging", "v2", List.of("ci/build"));

        github.verify(1, getRequestedFor(urlPathEqualTo("/repos/acme/shop")));

        integrations.use("shop", connection, ROTATED, config);
        deploy("staging", "v3", List.of("ci/build"));

        github.verify(2, getRequestedFor(urlPathEqualTo("/repos/acme/shop")));
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/statuses/" + Engine.sha("v3")))
                .withHeader("Authorization", equalTo("token " + ROTATED)));
        github.verify(
                0,
                getRequestedFor(urlPathEqualTo("/repos/acme/shop/statuses/" + Engine.sha("v3")))
                        .withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    @Test
    void aRejectedTokenRefusesAGatedDeployNamingTheCredential() throws Exception {
        github.stubFor(get(urlPathEqualTo("/user"))
                .withHeader("Authorization", equalTo("token " + ROTATED))
                .willReturn(json(401, "bad-credentials.json")));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop"))
                .withHeader("Authorization", equalTo("token " + ROTATED))
                .willReturn(json(401, "bad-credentials.json")));
        integrations.use("shop", connection, ROTATED, config);

        assertThatThrownBy(() -> deploy("staging", "v1", List.of("ci/build")))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(DeployNotStartedException.class)
                .hasMessageContaining("Could not read the GitHub checks of " + Engine.sha("v1"))
                .hasMessageContaining(
                        "the GitHub token in credential 'github-deploy' was rejected (401 Bad credentials)")
                .hasMessageNotContaining(ROTATED);
    }

    @Test
    void forgetDisconnectsTheApplication() throws Exception {
        integrations.use("shop", connection, TOKEN, config);
        connected();
        integrations.forget("shop");

        assertThat(integrations.connection("shop")).isEmpty();
        deploy("staging", "v1", null);
        assertNoRequests();
    }

    @Test
    void commitTimeIsTheCommittersDateOnGitHub() throws Exception {
        String sha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
        assertThat(integrations.commitTime("shop", sha)).isEmpty();
        assertNoRequests();

        integrations.use("shop", connection, TOKEN, config);

        assertThat(integrations.commitTime("shop", sha)).contains(Instant.parse("2026-11-20T10:30:00Z"));
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/commits/" + sha))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
    }

    /** github-api looks up the token's login ({@code GET /user}) when it connects: only what follows counts. */
    private static void connected() {
        github.resetRequests();
    }

    private static void assertNoRequests() {
        assertThat(github.getAllServeEvents())
                .extracting(event -> event.getRequest().getMethod() + " "
                        + event.getRequest().getUrl())
                .isEmpty();
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

    private static String fixture(String name) {
        try (InputStream in = GitHubIntegrationsFlowTest.class.getResourceAsStream("/github/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
