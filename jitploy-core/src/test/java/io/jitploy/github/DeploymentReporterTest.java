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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeploymentReporterTest {
    private static final String DEPLOYMENTS = "/repos/acme/shop/deployments";
    private static final String STATUSES = "/repos/acme/shop/deployments/1/statuses";
    private static final URI BUILD = URI.create("https://jenkins.example.com/job/shop/42/");
    private static final URI SITE = URI.create("https://shop.example.com");
    private static final GitHubDeployment DEPLOYMENT = new GitHubDeployment(REPO, 1, "production");

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private DeploymentReporter reporter;

    @BeforeEach
    void connect() throws GitHubException {
        reporter = new DeploymentReporter(GitHubAccess.connect(github.baseUrl(), TOKEN, CREDENTIAL));
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(get(urlPathEqualTo(DEPLOYMENTS + "/1")).willReturn(json(200, "deployment.json")));
        github.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(201, "deployment-status.json")));
    }

    private static DeploymentRequest production() {
        return new DeploymentRequest(REPO, SHA, "production", "r-42", "1.4.2", false, true);
    }

    /** The JSON bodies of the deployment statuses posted, oldest first. */
    private static List<String> postedStatuses() {
        return github.findAll(postedStatusRequests()).stream()
                .map(LoggedRequest::getBodyAsString)
                .toList();
    }

    private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder postedStatusRequests() {
        return postRequestedFor(urlPathEqualTo(STATUSES));
    }

    @Test
    void startCreatesTheDeploymentForTheExactShaThenMarksItInProgress() throws Exception {
        github.stubFor(post(urlPathEqualTo(DEPLOYMENTS)).willReturn(json(201, "deployment.json")));

        GitHubDeployment deployment = reporter.start(production(), BUILD);

        assertThat(deployment).isEqualTo(DEPLOYMENT);
        github.verify(postRequestedFor(urlPathEqualTo(DEPLOYMENTS))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(
                        """
                        {"ref": "%s", "task": "deploy", "auto_merge": false, "required_contexts": [],
                         "environment": "production", "transient_environment": false,
                         "production_environment": true,
                         "payload": "{\\"jitploy_release_id\\":\\"r-42\\",\\"version\\":\\"1.4.2\\"}",
                         "description": "Jitploy release r-42 (1.4.2)"}
                        """
                                .formatted(SHA))));
        github.verify(1, postedStatusRequests());
        github.verify(postedStatusRequests()
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(equalToJson(
                        """
                        {"state": "in_progress", "log_url": "%s", "description": "Deploying 1.4.2"}
                        """
                                .formatted(BUILD))));
    }

    @Test
    void successCarriesTheEnvironmentUrlAndTheBuildLog() throws Exception {
        reporter.succeeded(DEPLOYMENT, SITE, BUILD);

        assertThat(postedStatuses()).hasSize(1);
        github.verify(
                postedStatusRequests()
                        .withRequestBody(
                                equalToJson(
                                        """
                        {"state": "success", "environment_url": "https://shop.example.com",
                         "log_url": "https://jenkins.example.com/job/shop/42/", "auto_inactive": true,
                         "description": "Deployed by Jitploy"}
                        """)));
    }

    @Test
    void failureSaysWhyAndLinksTheBuild() throws Exception {
        reporter.failed(DEPLOYMENT, BUILD, "deploy command exited with 2");

        github.verify(
                postedStatusRequests()
                        .withRequestBody(
                                equalToJson(
                                        """
                        {"state": "failure", "log_url": "https://jenkins.example.com/job/shop/42/",
                         "auto_inactive": false, "description": "deploy command exited with 2"}
                        """)));
    }

    @Test
    void replacedReleaseBecomesInactiveExplicitly() throws Exception {
        reporter.replaced(DEPLOYMENT, "r-43");

        github.verify(
                postedStatusRequests()
                        .withRequestBody(
                                equalToJson(
                                        """
                        {"state": "inactive", "auto_inactive": false,
                         "description": "Replaced by Jitploy release r-43"}
                        """)));
    }

    @Test
    void quarantinedReleaseIsMarkedFailedWithADescriptionGitHubAccepts() throws Exception {
        String longReason = "memory leak in the checkout service ".repeat(6);

        reporter.quarantined(DEPLOYMENT, "alice", longReason);

        github.verify(postedStatusRequests()
                .withRequestBody(matchingJsonPath("$.state", equalTo("failure")))
                .withRequestBody(matchingJsonPath(
                        "$.description",
                        com.github.tomakehurst.wiremock.client.WireMock.matching(
                                "Marked bad by alice: memory leak in the checkout service .{80,}…"))));
        String description = postedStatuses().get(0).replaceAll("(?s).*\"description\"\\s*:\\s*\"([^\"]*)\".*", "$1");
        assertThat(description).hasSize(DeploymentReporter.MAX_DESCRIPTION);
    }

    @Test
    void findsAReleasesDeploymentByItsPayloadInObjectOrStringForm() throws Exception {
        github.stubFor(get(urlPathEqualTo(DEPLOYMENTS)).willReturn(json(200, "deployments.json")));

        assertThat(reporter.find(REPO, "production", "r-42")).contains(DEPLOYMENT);
        assertThat(reporter.find(REPO, "production", "r-41")).contains(new GitHubDeployment(REPO, 2, "production"));
        assertThat(reporter.find(REPO, "production", "r-99")).isEmpty();

        github.verify(getRequestedFor(urlPathEqualTo(DEPLOYMENTS))
                .withQueryParam("task", equalTo("deploy"))
                .withQueryParam("environment", equalTo("production"))
                .withQueryParam("per_page", equalTo("100")));
    }

    @Test
    void tokenWithoutDeploymentPermissionGetsTheScopeToGrant() {
        github.stubFor(post(urlPathEqualTo(DEPLOYMENTS)).willReturn(json(403, "forbidden.json")));

        assertThatThrownBy(() -> reporter.start(production(), BUILD))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.reason()).isEqualTo(GitHubException.Reason.FORBIDDEN))
                .hasMessageStartingWith("GitHub refused access (403 Resource not accessible by personal access token)"
                        + " while creating a deployment of " + SHA + " to production on acme/shop;")
                .hasMessageContaining("repo_deployment")
                .message()
                .doesNotContain(TOKEN);
        github.verify(0, postedStatusRequests());
    }

    @Test
    void rejectedTokenWhileReportingIsActionable() {
        github.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(401, "bad-credentials.json")));

        assertThatThrownBy(() -> reporter.succeeded(DEPLOYMENT, SITE, BUILD))
                .isInstanceOfSatisfying(GitHubException.class, e -> assertThat(e.reason())
                        .isEqualTo(GitHubException.Reason.BAD_CREDENTIALS))
                .hasMessageStartingWith("the GitHub token in credential 'github-deploy' was rejected (401 Bad"
                        + " credentials) while marking it successful (deployment 1) on acme/shop");
    }
}
