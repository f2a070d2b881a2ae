package io.jitploy.config;

import java.util.List;
import java.util.Objects;

/**
 * Who may act on an environment. An empty list means "anyone who may build the job" (Jenkins permissions
 * still apply); a non-empty list names the only users or groups allowed.
 *
 * @param deployers users or groups that may deploy
 * @param promoters users or groups that may promote into this environment
 * @param lockers users or groups that may lock and unlock it
 * @param requiredApprovals approvals needed before a deploy starts (0: none)
 * @param branches branch globs allowed to deploy here at all (empty: any branch)
 */
public record Protection(
        List<String> deployers,
        List<String> promoters,
        List<String> lockers,
        int requiredApprovals,
        List<String> branches) {
    public static final Protection NONE = new Protection(List.of(), List.of(), List.of(), 0, List.of());

    public Protection {
        deployers = List.copyOf(Objects.requireNonNull(deployers, "deployers"));
        promoters = List.copyOf(Objects.requireNonNull(promoters, "promoters"));
        lockers = List.copyOf(Objects.requireNonNull(lockers, "lockers"));
        branches = List.copyOf(Objects.requireNonNull(branches, "branches"));
        if (requiredApprovals < 0) {
            throw new IllegalArgumentException("required approvals must be 0 or more");
        }
    }

    /** Whether {@code branch} may deploy to this environment ({@code branches} globs, or any when empty). */
    public boolean allowsBranch(String branch) {
        return branches.isEmpty()
                || branches.stream().anyMatch(glob -> BranchGlob.parse(glob).matches(branch));
    }
}
