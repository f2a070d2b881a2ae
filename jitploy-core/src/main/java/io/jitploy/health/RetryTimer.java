package io.jitploy.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Waits between health-check attempts without holding a thread.
 *
 * <p>Injectable so that tests can observe the backoff schedule and skip the wait; production code uses {@link
 * #real()}.
 */
@FunctionalInterface
public interface RetryTimer {

    /**
     * Completes the returned future once {@code delay} has passed.
     *
     * @param delay how long to wait, never negative
     * @return a future completed (with {@code null}) after the delay
     */
    CompletableFuture<Void> after(Duration delay);

    /** A timer backed by {@link CompletableFuture#delayedExecutor}: no thread is blocked while waiting. */
    static RetryTimer real() {
        return delay -> CompletableFuture.runAsync(
                () -> {}, CompletableFuture.delayedExecutor(delay.toNanos(), TimeUnit.NANOSECONDS));
    }
}
