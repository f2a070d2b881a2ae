package io.jitploy.coordination;

import java.time.Instant;

/**
 * Runs a task at an instant, so that held deploys resume when a lock expires or a freeze ends. Injected so tests
 * move time by hand instead of sleeping; production uses {@link ExecutorScheduler}.
 *
 * <p>Implementations must never run the task on the thread calling {@link #schedule}: the coordinator schedules
 * while holding its internal lock.
 */
@FunctionalInterface
public interface Scheduler {
    /** Schedules {@code task} to run at (or soon after) {@code at}; an instant in the past means "soon". */
    Cancellable schedule(Instant at, Runnable task);

    /** Handle to a scheduled task. Cancelling a task that already ran does nothing. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
