package io.jitploy.deploy;

import java.util.Objects;

/** A queued deploy that never got to run. The message says why and what to do. */
public final class DeployNotStartedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the deploy did not run. */
    public enum Reason {
        /** A newer version queued with supersede replaced it. */
        SUPERSEDED,
        /** A newer version already succeeded in the environment and this is not a rollback. */
        STALE,
        CANCELLED,
        /** Fail-fast and the environment was locked or frozen. */
        HELD,
        /** The commit's GitHub checks were not green. */
        CHECKS_FAILED,
        /** The engine could not record or start the deploy. */
        ERROR
    }

    private final Reason reason;

    DeployNotStartedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
