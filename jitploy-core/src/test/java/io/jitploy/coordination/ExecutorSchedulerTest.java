package io.jitploy.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.events.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecutorSchedulerTest {
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void runsDueTasksOnTheExecutorAndForgetsCancelledOnes() throws Exception {
        executor.setRemoveOnCancelPolicy(true);
        ManualClock clock = new ManualClock(CoordinatorFixture.START);
        ExecutorScheduler scheduler = new ExecutorScheduler(executor, clock);
        CountDownLatch ran = new CountDownLatch(1);
        Thread caller = Thread.currentThread();
        Thread[] runner = new Thread[1];

        scheduler.schedule(clock.instant().minusSeconds(5), () -> {
            runner[0] = Thread.currentThread();
            ran.countDown();
        });
        Scheduler.Cancellable later = scheduler.schedule(clock.instant().plus(Duration.ofDays(1)), () -> {});

        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runner[0]).isNotSameAs(caller);
        assertThat(executor.getQueue()).hasSize(1);
        later.cancel();
        assertThat(executor.getQueue()).isEmpty();
    }

    @Test
    void coordinatorOnARealSchedulerReleasesAnExpiredLock() throws Exception {
        Clock clock = Clock.systemUTC();
        DeployCoordinator coordinator =
                new DeployCoordinator(clock, new ExecutorScheduler(executor, clock), new EventBus());
        EnvironmentKey key = EnvironmentKey.of("shop", "staging");
        // Expiry a few milliseconds ahead: the wait below is on the grant, not on a sleep.
        Instant expiry = Instant.now(clock).plusMillis(50);
        coordinator.lock(key, "short", "alice", Optional.of(expiry));
        Ticket ticket = coordinator.enqueue(CoordinatorFixture.push(key, 1, "bob"));

        DeploySlot slot = coordinator.awaitSlot(ticket.id()).get(10, TimeUnit.SECONDS);

        assertThat(slot.grantedAt()).isAfterOrEqualTo(expiry);
        assertThat(coordinator.locks()).isEmpty();
    }
}
