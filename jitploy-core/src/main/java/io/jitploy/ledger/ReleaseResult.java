package io.jitploy.ledger;

/** The state of one deploy attempt. Only {@link #SUCCEEDED} releases can become live. */
public enum ReleaseResult {
    /** Recorded, waiting for the environment's deploy slot. */
    QUEUED,
    /** Holding the deploy slot, deploying. */
    RUNNING,
    SUCCEEDED,
    FAILED,
    ABORTED,
    /** A newer version was queued with supersede and this one never started. */
    SUPERSEDED,
    /** Was live, then replaced by a rollback to an earlier release. */
    ROLLED_BACK;

    public boolean isFinished() {
        return this != QUEUED && this != RUNNING;
    }
}
