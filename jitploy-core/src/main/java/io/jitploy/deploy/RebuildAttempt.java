package io.jitploy.deploy;

import io.jitploy.ledger.Trigger;
import java.io.Serializable;
import java.util.Objects;

/**
 * A promotion or rollback carried out by rebuilding the pipeline that produced a release (in Jenkins, a pinned
 * rebuild): which release goes where, why, and for whom. What the engine records when that rebuild never deploys.
 * Serializable: a host may keep it with a step that waits for the rebuild.
 *
 * @param sourceReleaseId the release promoted, or rolled back to
 * @param environment where it was to be deployed
 * @param trigger {@link Trigger#PROMOTE} or {@link Trigger#ROLLBACK}
 * @param user who asked, or {@code null} for the system (automatic rollback)
 */
public record RebuildAttempt(String sourceReleaseId, String environment, Trigger trigger, String user)
        implements Serializable {
    public RebuildAttempt {
        Objects.requireNonNull(sourceReleaseId, "sourceReleaseId");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(trigger, "trigger");
        if (trigger != Trigger.PROMOTE && trigger != Trigger.ROLLBACK) {
            throw new IllegalArgumentException("a rebuild promotes or rolls back, not " + trigger);
        }
    }

    /** "the promotion of release r0000000007 to production", for messages. */
    public String describe() {
        return (trigger == Trigger.PROMOTE ? "the promotion of release " : "the rollback to release ")
                + sourceReleaseId
                + (trigger == Trigger.PROMOTE ? " to " : " in ")
                + environment;
    }
}
