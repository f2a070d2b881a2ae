package io.jitploy.promotion;

import java.util.List;
import java.util.Objects;

/**
 * A checked rollback, ready to be deployed.
 *
 * @param application the application
 * @param environment the environment rolled back
 * @param live the release live now, which the rollback replaces
 * @param target the earlier good release whose version, sha and config are redeployed
 * @param skipped releases passed over between {@code live} and {@code target}, newest first, each with why
 * @param crossedIrreversible irreversible releases the rollback crosses; non-empty only when forced
 * @param forced whether {@code force} was given
 * @param configDiff config key names that differ between {@code live} and {@code target} (never values)
 * @param requestedBy who asked
 */
public record RollbackPlan(
        String application,
        String environment,
        ReleaseSummary live,
        ReleaseSummary target,
        List<SkippedRelease> skipped,
        List<ReleaseSummary> crossedIrreversible,
        boolean forced,
        KeyDiff configDiff,
        String requestedBy) {
    public RollbackPlan {
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(target, "target");
        skipped = List.copyOf(skipped);
        crossedIrreversible = List.copyOf(crossedIrreversible);
    }

    /** A release the rollback did not pick, and why. */
    public record SkippedRelease(ReleaseSummary release, String reason) {}
}
