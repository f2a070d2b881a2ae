package io.jitploy.config;

import java.util.List;
import java.util.Objects;

/**
 * GitHub integration for one environment.
 *
 * @param requiredContexts commit status or check names that must be green before a deploy starts
 * @param deployments whether to create GitHub Deployments and statuses for this environment
 */
public record GitHubSettings(List<String> requiredContexts, boolean deployments) {
    public static final GitHubSettings DEFAULT = new GitHubSettings(List.of(), true);

    public GitHubSettings {
        requiredContexts = List.copyOf(Objects.requireNonNull(requiredContexts, "requiredContexts"));
    }
}
