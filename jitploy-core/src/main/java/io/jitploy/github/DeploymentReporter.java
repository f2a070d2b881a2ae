package io.jitploy.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.kohsuke.github.GHDeployment;
import org.kohsuke.github.GHDeploymentState;
import org.kohsuke.github.GHDeploymentStatusBuilder;
import org.kohsuke.github.GHRepository;

/**
 * Mirrors a Jitploy release on GitHub as a Deployment with statuses, so the repository's Environments page and pull
 * requests show what is deployed where.
 *
 * <p>Lifecycle: {@link #start} creates the deployment and posts {@code in_progress}; then {@link #succeeded} (with the
 * environment URL and the build log URL) or {@link #failed}. When a newer release replaces this one, {@link
 * #replaced} posts {@code inactive}: GitHub's {@code auto_inactive} does this by itself only for non-production,
 * non-transient environments, so Jitploy always does it explicitly. {@link #quarantined} posts {@code failure} on a
 * release marked bad.
 *
 * <p>Deployments are created with {@code auto_merge: false} (deploy the exact sha) and {@code required_contexts: []}
 * because {@link CommitStatusGate} has already gated the deploy; GitHub would otherwise refuse with 409 while checks
 * run.
 *
 * <p>github-api 1.326 marks {@code transient_environment}, {@code production_environment}, {@code environment_url},
 * {@code log_url} and {@code auto_inactive} deprecated "until preview feature has graduated to stable"; these fields
 * have long been part of GitHub's stable REST API, hence the suppressed deprecation warnings.
 */
@SuppressWarnings("deprecation")
public final class DeploymentReporter {
    /** GitHub truncates nothing itself and rejects descriptions over 140 characters. */
    static final int MAX_DESCRIPTION = 140;

    static final String TASK = "deploy";
    static final String PAYLOAD_RELEASE_ID = "jitploy_release_id";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEARCH_LIMIT = 100;

    private final GitHubAccess github;

    /**
     * Creates a reporter.
     *
     * @param github the connection; its token needs the {@code repo_deployment} scope
     */
    public DeploymentReporter(GitHubAccess github) {
        this.github = Objects.requireNonNull(github, "github");
    }

    /**
     * Creates the GitHub Deployment for a release and marks it {@code in_progress}.
     *
     * @param request what is being deployed
     * @param logUrl the build URL, linked from GitHub as the deployment log
     * @return the deployment, to pass to the later calls
     * @throws GitHubException if GitHub refuses
     */
    public GitHubDeployment start(DeploymentRequest request, URI logUrl) throws GitHubException {
        Objects.requireNonNull(request, "request");
        String payload = JSON.createObjectNode()
                .put(PAYLOAD_RELEASE_ID, request.releaseId())
                .put("version", request.version())
                .toString();
        GHDeployment created = github.call(
                request.repo(),
                "creating a deployment of " + request.sha() + " to " + request.environment(),
                repository -> repository
                        .createDeployment(request.sha())
                        .task(TASK)
                        .autoMerge(false)
                        .requiredContexts(List.of())
                        .environment(request.environment())
                        .transientEnvironment(request.transientEnvironment())
                        .productionEnvironment(request.productionEnvironment())
                        .payload(payload)
                        .description(
                                truncate("Jitploy release " + request.releaseId() + " (" + request.version() + ")"))
                        .create());
        GitHubDeployment deployment = new GitHubDeployment(request.repo(), created.getId(), request.environment());
        post(deployment, GHDeploymentState.IN_PROGRESS, "marking it in progress", status -> withLog(status, logUrl)
                .description(truncate("Deploying " + request.version())));
        return deployment;
    }

    /**
     * Marks the deployment successful.
     *
     * @param deployment from {@link #start}
     * @param environmentUrl where the deployed application is reachable, or null
     * @param logUrl the build URL
     * @throws GitHubException if GitHub refuses
     */
    public void succeeded(GitHubDeployment deployment, URI environmentUrl, URI logUrl) throws GitHubException {
        post(deployment, GHDeploymentState.SUCCESS, "marking it successful", status -> {
            withLog(status, logUrl).autoInactive(true).description("Deployed by Jitploy");
            if (environmentUrl != null) {
                status.environmentUrl(environmentUrl.toString());
            }
        });
    }

    /**
     * Marks the deployment failed.
     *
     * @param deployment from {@link #start}
     * @param logUrl the build URL
     * @param description why, shown on GitHub (at most 140 characters are sent; no secrets)
     * @throws GitHubException if GitHub refuses
     */
    public void failed(GitHubDeployment deployment, URI logUrl, String description) throws GitHubException {
        post(deployment, GHDeploymentState.FAILURE, "marking it failed", status -> withLog(status, logUrl)
                .autoInactive(false)
                .description(truncate(description)));
    }

    /**
     * Marks an earlier release's deployment inactive because a newer release replaced it in the environment.
     *
     * @param previous the replaced release's deployment
     * @param byReleaseId the release that replaced it
     * @throws GitHubException if GitHub refuses
     */
    public void replaced(GitHubDeployment previous, String byReleaseId) throws GitHubException {
        post(previous, GHDeploymentState.INACTIVE, "marking it inactive", status -> status.autoInactive(false)
                .description(truncate("Replaced by Jitploy release " + byReleaseId)));
    }

    /**
     * Marks the deployment of a release that was quarantined (marked bad) as failed, so GitHub no longer shows it as a
     * good deployment.
     *
     * @param deployment the bad release's deployment
     * @param by who marked it bad
     * @param reason why
     * @throws GitHubException if GitHub refuses
     */
    public void quarantined(GitHubDeployment deployment, String by, String reason) throws GitHubException {
        post(deployment, GHDeploymentState.FAILURE, "marking it bad", status -> status.autoInactive(false)
                .description(truncate("Marked bad by " + by + ": " + reason)));
    }

    /**
     * Finds the deployment Jitploy created for a release, among the environment's recent deployments (newest 100),
     * for when the id was not kept.
     *
     * @param repo the repository
     * @param environment the environment
     * @param releaseId the Jitploy release id sent in the payload
     * @return the deployment, if found
     * @throws GitHubException if GitHub cannot be read
     */
    public Optional<GitHubDeployment> find(GitHubRepositoryRef repo, String environment, String releaseId)
            throws GitHubException {
        return github.call(repo, "looking up the deployment of release " + releaseId, repository -> {
            int seen = 0;
            for (GHDeployment candidate :
                    repository.listDeployments(null, null, TASK, environment).withPageSize(SEARCH_LIMIT)) {
                if (releaseId.equals(releaseIdOf(candidate.getPayloadObject()))) {
                    return Optional.of(new GitHubDeployment(repo, candidate.getId(), environment));
                }
                if (++seen >= SEARCH_LIMIT) {
                    break;
                }
            }
            return Optional.<GitHubDeployment>empty();
        });
    }

    /** GitHub returns the payload as an object, or as a string when it was sent as one; accept both. */
    static String releaseIdOf(Object payload) {
        JsonNode node = null;
        if (payload instanceof Map<?, ?> map) {
            node = JSON.valueToTree(map);
        } else if (payload instanceof String text && !text.isBlank()) {
            try {
                node = JSON.readTree(text);
            } catch (IOException notJson) {
                return null;
            }
        }
        JsonNode id = node == null ? null : node.get(PAYLOAD_RELEASE_ID);
        return id == null || !id.isTextual() ? null : id.asText();
    }

    @FunctionalInterface
    private interface StatusFields {
        void fill(GHDeploymentStatusBuilder status);
    }

    private void post(GitHubDeployment deployment, GHDeploymentState state, String action, StatusFields fields)
            throws GitHubException {
        Objects.requireNonNull(deployment, "deployment");
        github.call(deployment.repo(), action + " (deployment " + deployment.id() + ")", repository -> {
            GHDeploymentStatusBuilder status =
                    deploymentOf(repository, deployment).createStatus(state);
            fields.fill(status);
            return status.create();
        });
    }

    private static GHDeployment deploymentOf(GHRepository repository, GitHubDeployment deployment) throws IOException {
        return repository.getDeployment(deployment.id());
    }

    private static GHDeploymentStatusBuilder withLog(GHDeploymentStatusBuilder status, URI logUrl) {
        return logUrl == null ? status : status.logUrl(logUrl.toString());
    }

    static String truncate(String description) {
        if (description == null || description.length() <= MAX_DESCRIPTION) {
            return description;
        }
        return description.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
}
