package io.jitploy.config;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which environment a push deploys to. Environments are tried in declaration order and the first whose
 * {@code branches} globs match wins. A pull request maps to the one environment marked
 * {@code pull_requests: true}, or to none.
 */
public final class BranchMapping {
    private final List<EnvironmentSpec> environments;

    BranchMapping(List<EnvironmentSpec> environments) {
        this.environments = List.copyOf(environments);
    }

    /**
     * The environment {@code branch} deploys to.
     *
     * @param branch the branch name without {@code refs/heads/} (e.g. {@code release/1.2}); for a pull request, its
     *     head branch (ignored: PRs go to the preview environment)
     * @param pullRequest whether the build is for a pull request
     */
    public Optional<EnvironmentSpec> environmentFor(String branch, boolean pullRequest) {
        Objects.requireNonNull(branch, "branch");
        if (pullRequest) {
            return environments.stream().filter(EnvironmentSpec::pullRequests).findFirst();
        }
        String name = branch.startsWith("refs/heads/") ? branch.substring("refs/heads/".length()) : branch;
        return environments.stream()
                .filter(environment -> environment.branches().stream()
                        .anyMatch(glob -> BranchGlob.parse(glob).matches(name)))
                .findFirst();
    }
}
