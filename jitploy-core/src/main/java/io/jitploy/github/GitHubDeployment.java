package io.jitploy.github;

import java.util.Objects;

/**
 * A GitHub Deployment created for a Jitploy release; small enough to store with the release.
 *
 * @param repo the repository
 * @param id GitHub's deployment id
 * @param environment the environment it was created for
 */
public record GitHubDeployment(GitHubRepositoryRef repo, long id, String environment) {
    public GitHubDeployment {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(environment, "environment");
    }
}
