package io.jitploy.promotion;

import java.util.Objects;

/** A promotion that must not happen. The message says why and what to do instead. */
public final class PromotionRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a promotion was refused; views and steps can react per reason. */
    public enum Reason {
        SAME_ENVIRONMENT,
        NO_LIVE_RELEASE,
        UNHEALTHY,
        MARKED_BAD,
        TARGET_LOCKED,
        TARGET_FROZEN,
        WRONG_SOURCE,
        ALREADY_LIVE
    }

    private final Reason reason;

    PromotionRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
