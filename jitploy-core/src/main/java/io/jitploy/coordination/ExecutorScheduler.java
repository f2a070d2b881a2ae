package io.jitploy.coordination;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A {@link Scheduler} backed by a {@link ScheduledExecutorService}; delays are measured with {@code clock}. */
public final class ExecutorScheduler implements Scheduler {
    private final ScheduledExecutorService executor;
    private final Clock clock;

    public ExecutorScheduler(ScheduledExecutorService executor, Clock clock) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Cancellable schedule(Instant at, Runnable task) {
        long delayMillis = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        ScheduledFuture<?> future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}
