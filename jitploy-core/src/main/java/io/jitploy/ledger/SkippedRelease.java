package io.jitploy.ledger;

/**
 * A release that {@link ReleaseLedger#lastGoodBefore} passed over, and why.
 *
 * @param release the release as it is now
 * @param reason why it is not a good rollback target
 */
public record SkippedRelease(Release release, Reason reason) {
    /** Why a release cannot be a rollback target. */
    public enum Reason {
        MARKED_BAD,
        FAILED,
        ABORTED,
        SUPERSEDED,
        ROLLED_BACK,
        /** Still queued or running. */
        NOT_FINISHED,
        /** Deploys the same version and sha as the release we roll back from, so it would change nothing. */
        SAME_VERSION
    }
}
