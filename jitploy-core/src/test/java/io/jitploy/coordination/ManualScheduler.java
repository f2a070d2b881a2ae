package io.jitploy.coordination;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link Scheduler} whose tasks run only when the test advances time with {@link #advance}: no sleeps, no
 * background threads. Thread-safe so concurrency tests can schedule from many threads.
 */
final class ManualScheduler implements Scheduler {
    private final ManualClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long order;

    ManualScheduler(ManualClock clock) {
        this.clock = clock;
    }

    private static final class Task {
        final Instant at;
        final long order;
        final Runnable runnable;
        volatile boolean cancelled;

        Task(Instant at, long order, Runnable runnable) {
            this.at = at;
            this.order = order;
            this.runnable = runnable;
        }
    }

    @Override
    public synchronized Cancellable schedule(Instant at, Runnable runnable) {
        Task task = new Task(at, order++, runnable);
        tasks.add(task);
        return () -> task.cancelled = true;
    }

    /** Moves the clock forward and runs every task that became due, in time order, on the calling thread. */
    void advance(Duration by) {
        clock.advance(by);
        runDue();
    }

    void runDue() {
        while (true) {
            Task next;
            synchronized (this) {
                tasks.removeIf(t -> t.cancelled);
                next = tasks.stream()
                        .filter(t -> !t.at.isAfter(clock.instant()))
                        .min(Comparator.comparing((Task t) -> t.at).thenComparingLong(t -> t.order))
                        .orElse(null);
                if (next == null) {
                    return;
                }
                tasks.remove(next);
            }
            next.runnable.run(); // outside the monitor, like a real executor thread
        }
    }

    synchronized int pending() {
        tasks.removeIf(t -> t.cancelled);
        return tasks.size();
    }
}
