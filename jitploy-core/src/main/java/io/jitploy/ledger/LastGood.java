package io.jitploy.ledger;

import java.util.List;
import java.util.Optional;

/**
 * The answer to {@link ReleaseLedger#lastGoodBefore}: the rollback target, what was skipped, and the migration
 * fences a rollback to it would cross.
 *
 * @param target the newest earlier release that succeeded and is not bad, or null if there is none
 * @param skipped the releases passed over on the way, newest first, each with the reason
 * @param fences releases marked irreversible between the target (exclusive) and the starting release (inclusive),
 *     newest first; a rollback must refuse without force when this is not empty
 */
public record LastGood(Release target, List<SkippedRelease> skipped, List<Release> fences) {
    public LastGood {
        skipped = List.copyOf(skipped);
        fences = List.copyOf(fences);
    }

    public Optional<Release> release() {
        return Optional.ofNullable(target);
    }

    /** Whether a migration fence lies between the target and the starting release. */
    public boolean crossesIrreversible() {
        return !fences.isEmpty();
    }

    /** The fence to name when refusing a rollback: the newest irreversible release that would be crossed. */
    public Optional<Release> blockingRelease() {
        return fences.isEmpty() ? Optional.empty() : Optional.of(fences.get(0));
    }
}
