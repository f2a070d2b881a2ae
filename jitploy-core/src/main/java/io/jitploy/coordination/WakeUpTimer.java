package io.jitploy.coordination;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The one timer of an environment, kept at the earliest instant its state may change by itself (a lock expires,
 * a freeze ends). Guarded, like the rest of the environment's state, by its {@link EnvironmentQueue}'s lock.
 */
final class WakeUpTimer {
    private final Consumer<Object> onFire;
    private Instant at;
    private Scheduler.Cancellable timer;
    private Object token;

    /** @param onFire runs when the timer fires, with the token to pass back to {@link #fired} */
    WakeUpTimer(Consumer<Object> onFire) {
        this.onFire = onFire;
    }

    /** Moves the timer to {@code wanted}, or removes it when null; does nothing if it is already there. */
    void aim(Instant wanted, Scheduler scheduler) {
        if (Objects.equals(wanted, at)) {
            return;
        }
        if (timer != null) {
            timer.cancel();
            timer = null;
            token = null;
        }
        at = wanted;
        if (wanted != null) {
            // A cancelled task may still run (it raced with the cancel); the token tells it apart.
            Object current = new Object();
            token = current;
            timer = scheduler.schedule(wanted, () -> onFire.accept(current));
        }
    }

    /** The timer with {@code firedToken} ran: it is spent, unless it was an already replaced one. */
    void fired(Object firedToken) {
        if (firedToken == token) {
            timer = null;
            at = null;
            token = null;
        }
    }
}
