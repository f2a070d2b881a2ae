package io.jitploy.promotion;

import io.jitploy.ledger.Release;
import java.util.List;
import java.util.Objects;

/** A rollback that must not happen. The message says why and what to do instead. */
public final class RollbackRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a rollback was refused. */
    public enum Reason {
        NO_LIVE_RELEASE,
        NO_GOOD_RELEASE,
        IRREVERSIBLE_FENCE,
        INVALID_TARGET
    }

    private final Reason reason;
    private final transient List<Release> blocking;

    RollbackRefusedException(Reason reason, String message) {
        this(reason, message, List.of());
    }

    RollbackRefusedException(Reason reason, String message, List<Release> blocking) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.blocking = List.copyOf(blocking);
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#IRREVERSIBLE_FENCE}: the irreversible releases the rollback would cross, newest first. */
    public List<Release> blocking() {
        return blocking == null ? List.of() : blocking;
    }
}
