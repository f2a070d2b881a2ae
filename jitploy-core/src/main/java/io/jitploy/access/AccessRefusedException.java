package io.jitploy.access;

import java.util.Objects;

/** An action on an environment that its protection refuses. The message says who may act and how to get access. */
public final class AccessRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient AccessDecision decision;

    AccessRefusedException(AccessDecision decision) {
        super(Objects.requireNonNull(decision, "decision").message());
        this.decision = decision;
    }

    /** The refusal, with the outcome, the action and who is allowed. */
    public AccessDecision decision() {
        return decision;
    }
}
