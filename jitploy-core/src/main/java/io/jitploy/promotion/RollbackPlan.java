package io.jitploy.promotion;

import io.jitploy.ledger.ConfigDiff;
import io.jitploy.ledger.Release;
import java.util.List;
import java.util.Objects;

/**
 * A checked rollback, ready to be deployed.
 *
 * @param application the application
 * @param environment the environment rolled back
 * @param from the release rolled back from: the live one, or the one that just failed its health check
 * @param target the earlier good release whose version, sha and config are redeployed
 * @param skipped releases passed over between {@code from} and {@code target}, newest first, each with why
 * @param crossedIrreversible irreversible releases the rollback crosses, newest first; non-empty only when forced
 * @param forced whether {@code force} was given
 * @param configDiff config key names that differ between {@code from} and {@code target} (never values)
 * @param requestedBy who asked
 */
public record RollbackPlan(
        String application,
        String environment,
        Release from,
        Release target,
        List<Skipped> skipped,
        List<Release> crossedIrreversible,
        boolean forced,
        ConfigDiff configDiff,
        String requestedBy) {
    public RollbackPlan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(configDiff, "configDiff");
        skipped = List.copyOf(skipped);
        crossedIrreversible = List.copyOf(crossedIrreversible);
    }

    /** A release the rollback did not pick, and why (e.g. "failed", "marked bad by alice: data loss"). */
    public record Skipped(Release release, String reason) {}
}
