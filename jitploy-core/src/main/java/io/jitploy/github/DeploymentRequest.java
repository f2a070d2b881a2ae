package io.jitploy.github;

import java.util.Objects;

/**
 * What to create a GitHub Deployment for.
 *
 * @param repo the repository
 * @param sha the exact commit being deployed (GitHub's {@code ref})
 * @param environment the Jitploy environment name, used as GitHub's environment
 * @param releaseId the Jitploy release id, sent in the payload so the deployment can be found again
 * @param version the version label shown in the description
 * @param transientEnvironment true for preview environments that go away (e.g. per pull request)
 * @param productionEnvironment true for environments users depend on
 */
public record DeploymentRequest(
        GitHubRepositoryRef repo,
        String sha,
        String environment,
        String releaseId,
        String version,
        boolean transientEnvironment,
        boolean productionEnvironment) {

    public DeploymentRequest {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(version, "version");
    }
}
