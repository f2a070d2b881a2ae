package io.jenkins.plugins.jitploy;

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

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import hudson.model.Result;
import io.jenkins.plugins.jitploy.github.GitHubFolderProperty;
import io.jitploy.ledger.Release;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code jitployDeploy} against WireMock playing GitHub's REST API (GitHub's documented payloads): the folder's
 * GitHub settings connect the application, deploys are gated on the commit's checks and mirrored as GitHub
 * Deployments, and the release's commit time comes from the change log, the promoted release or GitHub.
 */
@WithJenkins
@WithGitSampleRepo
class GitHubDeployTest {
    private static final String TOKEN = "ghp_jenkinsTest0123456789abcdefABCDEF0123";
    /** The committer date in github/commit.json. */
    private static final Instant GITHUB_COMMIT_DATE = Instant.parse("2021-06-01T12:00:00Z");

    private static final String DEPLOYMENTS = "/repos/acme/shop/deployments";
    private static final String STATUSES = "/repos/acme/shop/deployments/1/statuses";

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    @BeforeEach
    void stubGitHub() {
        github.stubFor(get(urlPathEqualTo("/repos/acme/shop")).willReturn(json(200, "repository.json")));
        github.stubFor(
                get(urlPathMatching("/repos/acme/shop/statuses/[0-9a-f]+")).willReturn(json(200, "statuses.json")));
        github.stubFor(get(urlPathMatching("/repos/acme/shop/commits/[0-9a-f]+/check-runs"))
                .willReturn(json(200, "check-runs.json")));
        github.stubFor(
                get(urlPathMatching("/repos/acme/shop/commits/[0-9a-f]{40}")).willReturn(json(200, "commit.json")));
        github.stubFor(post(urlPathEqualTo(DEPLOYMENTS)).willReturn(json(201, "deployment.json")));
        github.stubFor(get(urlPathEqualTo(DEPLOYMENTS + "/1")).willReturn(json(200, "deployment.json")));
        github.stubFor(get(urlPathEqualTo(DEPLOYMENTS))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("[]")));
        github.stubFor(post(urlPathEqualTo(STATUSES)).willReturn(json(201, "deployment-status.json")));
    }

    /** The sample project, then the folder's GitHub settings pointing at WireMock. */
    private static SampleProject connected(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        assertThat(github.getAllServeEvents())
                .as("nothing talks to GitHub without settings")
                .isEmpty();
        SampleProject.addSecretText("github-token", TOKEN);
        GitHubFolderProperty settings = new GitHubFolderProperty("github-token");
        settings.setRepository("acme/shop");
        settings.setApiUrl(github.baseUrl());
        sample.folder.addProperty(settings);
        return sample;
    }

    /** The sample's configuration with staging gated on {@code contexts}. */
    private static String requiring(SampleProject sample, String contexts) {
        return sample.config()
                .replace("  production:\n", "    github: {required_contexts: [" + contexts + "]}\n  production:\n");
    }

    @Test
    void deploysAreGatedOnTheCommitsChecksAndMirroredAsGitHubDeployments(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        SampleProject sample = connected(r, repo);

        // A rebuild of the same commit has an empty change log: GitHub tells when the commit was made.
        String first = repo.head();
        WorkflowRun rebuild = r.buildAndAssertSuccess(sample.branch("main"));
        r.assertLogContains(
                "[jitploy] GitHub: acme/shop via " + github.baseUrl() + " (credential 'github-token')", rebuild);
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/commits/" + first))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
        github.verify(0, getRequestedFor(urlPathMatching("/repos/acme/shop/statuses/.*")));
        verifyDeployment(first, "staging", false, r.getURL() + rebuild.getUrl());
        assertThat(live(sample, "staging").commitTime()).isEqualTo(GITHUB_COMMIT_DATE);
        assertThat(sample.live("staging").getString("commitTime")).isEqualTo("2021-06-01T12:00:00Z");

        // A push that requires ci/build: gated on the pushed commit; its time comes from the change log.
        github.resetRequests();
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        String second = sample.push(".jitploy.yml", requiring(sample, "ci/build"), "require ci/build");
        Instant after = Instant.now();
        WorkflowRun gated = sample.branch("main").getLastBuild();
        r.assertBuildStatusSuccess(gated);
        r.assertLogContains("All required checks passed for " + second.substring(0, 12) + ": ci/build.", gated);
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/statuses/" + second))
                .withHeader("Authorization", equalTo("token " + TOKEN)));
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/commits/" + second + "/check-runs")));
        github.verify(0, getRequestedFor(urlPathEqualTo("/repos/acme/shop/commits/" + second)));
        verifyDeployment(second, "staging", false, r.getURL() + gated.getUrl());
        Release release = live(sample, "staging");
        assertThat(release.sha()).isEqualTo(second);
        assertThat(release.commitTime()).isBetween(before, after);

        // The token is read from Credentials when needed and kept nowhere else.
        r.assertLogNotContains(TOKEN, gated);
        assertThat(DeployStepsTest.grep(gated.getRootDir(), TOKEN)).isEmpty();
        assertThat(DeployStepsTest.grep(JitployRuntime.root().toFile(), TOKEN)).isEmpty();
    }

    @Test
    void redChecksStopTheDeployBeforeItStartsAndCreateNoDeployment(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        SampleProject sample = connected(r, repo);
        github.resetRequests();

        String pushed = sample.push(".jitploy.yml", requiring(sample, "ci/test"), "require ci/test");

        WorkflowRun blocked = sample.branch("main").getLastBuild();
        r.assertBuildStatus(Result.FAILURE, blocked);
        r.assertLogContains(
                "Deploy blocked by checks on " + pushed.substring(0, 12) + ": failed: ci/test (failure).", blocked);
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/statuses/" + pushed)));
        github.verify(0, postRequestedFor(urlPathEqualTo(DEPLOYMENTS)));
        assertThat(live(sample, "staging").sha()).isNotEqualTo(pushed);
    }

    @Test
    void forceChecksDeploysPastRedChecksAndRecordsWhoForcedItAndWhy(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        SampleProject sample = connected(r, repo);
        github.resetRequests();

        repo.write(
                "Jenkinsfile",
                SampleProject.JENKINSFILE.replace(
                        "  jitployDeploy {\n", "  jitployDeploy(forceChecks: '  hotfix for INC-42 ') {\n"));
        repo.git("add", "Jenkinsfile");
        String pushed = sample.push(".jitploy.yml", requiring(sample, "ci/test"), "hotfix past red ci/test");

        WorkflowRun forced = sample.branch("main").getLastBuild();
        r.assertBuildStatusSuccess(forced);
        Release release = live(sample, "staging");
        assertThat(release.sha()).isEqualTo(pushed);
        String override = "Forced by jenkins (hotfix for INC-42): Deploy blocked by checks on "
                + pushed.substring(0, 12) + ": failed: ci/test (failure).";
        r.assertLogContains(
                "[jitploy] forceChecks: the GitHub checks [ci/test] will not stop this deploy, even if red; release "
                        + release.id() + " records that jenkins forced it: hotfix for INC-42",
                forced);
        r.assertLogContains("[jitploy] Deploying release " + release.id() + " to staging", forced);
        r.assertLogContains("; " + override, forced);
        r.assertLogContains("deploying shop " + pushed + " to staging (push)", forced);
        github.verify(getRequestedFor(urlPathEqualTo("/repos/acme/shop/statuses/" + pushed)));
        verifyDeployment(pushed, "staging", false, r.getURL() + forced.getUrl());
        assertThat(release.note()).isEqualTo("GitHub checks overridden: " + override);
        assertThat(sample.live("staging").getString("note")).isEqualTo(release.note());
    }

    @Test
    void forcingChecksNeedsWhatTheDeployNeedsAndRecordsThePersonWhoStartedTheBuild(
            JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = connected(r, repo);
        // Deploys only when started by hand: the push build's deploy fails, so its commit time (now, from the change
        // log) never becomes the environment's newest, and the manual builds (commit time from GitHub) are not stale.
        repo.write(
                "Jenkinsfile",
                "node {\n  checkout scm\n  jitployDeployCommand(forceChecks: 'INC-42 hotfix',"
                        + " command: 'test \"$JITPLOY_TRIGGER\" = manual && echo \"deployed $JITPLOY_VERSION\"')\n}\n");
        repo.git("add", "Jenkinsfile");
        String pushed = sample.push(".jitploy.yml", requiring(sample, "ci/test"), "forced command deploys");
        WorkflowRun push = sample.branch("main").getLastBuild();
        r.assertBuildStatus(Result.FAILURE, push);
        r.assertLogContains(
                "[jitploy] Forced by jenkins (INC-42 hotfix): Deploy blocked by checks on " + pushed.substring(0, 12),
                push);

        ProtectionTest.secure(r);
        ProtectionTest.environment(sample, "staging").setDeployers("ops");
        github.resetRequests();

        WorkflowRun refused = r.waitForCompletion(ProtectionTest.startAs(sample.branch("main"), "bob"));
        r.assertBuildStatus(Result.FAILURE, refused);
        r.assertLogContains("bob (groups: authenticated, dev) may not deploy to staging", refused);
        r.assertLogNotContains("[jitploy] forceChecks:", refused);
        github.verify(0, postRequestedFor(urlPathEqualTo(DEPLOYMENTS)));

        WorkflowRun forced = r.waitForCompletion(ProtectionTest.startAs(sample.branch("main"), "carol"));
        r.assertBuildStatusSuccess(forced);
        String override = "Forced by carol (INC-42 hotfix): Deploy blocked by checks on " + pushed.substring(0, 12)
                + ": failed: ci/test (failure).";
        r.assertLogContains("[jitploy] " + override, forced);
        r.assertLogContains("deployed " + pushed, forced);
        verifyDeployment(pushed, "staging", false, r.getURL() + forced.getUrl());
        Release release = live(sample, "staging");
        assertThat(release.sha()).isEqualTo(pushed);
        assertThat(release.user()).isEqualTo("carol");
        assertThat(release.note()).isEqualTo("GitHub checks overridden: " + override);
    }

    @Test
    void aPromotionBecomesAProductionDeploymentWithTheCommitTimeOfThePromotedRelease(
            JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = connected(r, repo);
        String second = sample.push("README.md", "v2\n", "second version");
        Release staging = live(sample, "staging");
        assertThat(staging.sha()).isEqualTo(second);
        assertThat(staging.commitTime()).as("from the change log").isNotNull();
        github.resetRequests();

        WorkflowJob release = sample.folder.createProject(WorkflowJob.class, "release");
        release.setDefinition(
                new CpsFlowDefinition("promote(from: 'staging', to: 'production', application: 'shop')", true));
        r.buildAndAssertSuccess(release);

        WorkflowRun promoted = sample.branch("main").getLastBuild();
        r.assertLogContains("to production (promote)", promoted);
        verifyDeployment(second, "production", true, r.getURL() + promoted.getUrl());
        github.verify(0, getRequestedFor(urlPathEqualTo("/repos/acme/shop/commits/" + second)));
        assertThat(live(sample, "production").commitTime()).isEqualTo(staging.commitTime());
    }

    /** The deployment GitHub was asked to create for {@code sha}, then in_progress and success on it. */
    private static void verifyDeployment(String sha, String environment, boolean production, String buildUrl) {
        github.verify(postRequestedFor(urlPathEqualTo(DEPLOYMENTS))
                .withHeader("Authorization", equalTo("token " + TOKEN))
                .withRequestBody(matchingJsonPath("$.ref", equalTo(sha)))
                .withRequestBody(matchingJsonPath("$.environment", equalTo(environment)))
                .withRequestBody(matchingJsonPath("$.auto_merge", equalTo("false")))
                .withRequestBody(matchingJsonPath("$.production_environment", equalTo(String.valueOf(production)))));
        github.verify(postRequestedFor(urlPathEqualTo(STATUSES))
                .withRequestBody(matchingJsonPath("$.state", equalTo("in_progress")))
                .withRequestBody(matchingJsonPath("$.log_url", equalTo(buildUrl))));
        github.verify(postRequestedFor(urlPathEqualTo(STATUSES))
                .withRequestBody(matchingJsonPath("$.state", equalTo("success")))
                .withRequestBody(matchingJsonPath("$.log_url", equalTo(buildUrl))));
    }

    private static Release live(SampleProject sample, String environment) {
        return JitployRuntime.of(sample.folder)
                .ledger()
                .live("shop", environment)
                .orElseThrow(() -> new AssertionError("nothing live in " + environment));
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

    /** GitHub's documented payloads, the same as the core's GitHub tests use. */
    private static String fixture(String name) {
        try (InputStream in = GitHubDeployTest.class.getResourceAsStream("/github/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
