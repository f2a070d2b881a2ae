package io.jitploy.coordination;

import java.time.Instant;

/** A fail-fast deploy would have started during a freeze. */
public final class EnvironmentFrozenException extends CoordinationException {
    private static final long serialVersionUID = 1L;
    private final Instant endsAt;

    EnvironmentFrozenException(EnvironmentKey key, String description, Instant endsAt) {
        super(key + " is " + description + ". Deploys are held during a freeze: retry after it ends, or queue "
                + "without failFast and the deploy starts by itself when the freeze lifts.");
        this.endsAt = endsAt;
    }

    /** When the freeze lifts. */
    public Instant endsAt() {
        return endsAt;
    }
}
