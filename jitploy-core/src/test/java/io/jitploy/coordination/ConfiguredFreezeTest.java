package io.jitploy.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.ConfigLoader;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.events.EventBus;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The freeze window as a user writes it in {@code .jitploy.yml} (cron, duration, time zone), through the parsed
 * configuration into the coordinator: it holds a deploy that was queued before it began, across the spring DST
 * change, and lets it go at the end of the 62 elapsed hours.
 */
class ConfiguredFreezeTest {
    private static final EnvironmentKey PRODUCTION = EnvironmentKey.of("shop", "production");

    private final EnvironmentSpec production = ConfigLoader.parse(
                    """
                    version: 1
                    environments:
                      production:
                        file: config/production.enc.yaml
                        freeze:
                          - {cron: "0 18 * * FRI", duration: 62h, timezone: Europe/Paris, reason: weekend}
                    """,
                    ".jitploy.yml")
            .environment("production")
            .orElseThrow();

    /** Friday 27 March 2026, 17:00 in Paris (CET); clocks go forward on Sunday 29 March. */
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-27T16:00:00Z"));

    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final List<EventType> events = new ArrayList<>();
    private final DeployCoordinator coordinator;

    ConfiguredFreezeTest() {
        EventBus bus = new EventBus();
        bus.subscribe(event -> events.add(event.type()));
        coordinator = new DeployCoordinator(clock, scheduler, bus);
        coordinator.setFreezeSchedule(PRODUCTION, production.freezeSchedule());
    }

    private CompletableFuture<DeploySlot> enqueue(int build) {
        DeployRequest request = DeployRequest.deploy(PRODUCTION, "v" + build, build, "alice", Trigger.PUSH);
        return coordinator.awaitSlot(coordinator.enqueue(request).id());
    }

    @Test
    void aDeployQueuedBeforeTheWeekendFreezeWaitsUntilMondayNineInParisAfterTheClocksChange() {
        DeploySlot running = enqueue(1).join();
        scheduler.advance(Duration.ofMinutes(30));
        CompletableFuture<DeploySlot> waiting = enqueue(2); // queued at 17:30 Paris, outside the freeze

        scheduler.advance(Duration.ofMinutes(60)); // 18:30 Paris: the freeze has begun
        running.release();

        assertThat(waiting).isNotDone();
        assertThat(coordinator.queue(PRODUCTION).get(0).waitingReason())
                .startsWith("frozen: weekend")
                .contains("until Mon 30 Mar 07:00 UTC");
        // Monday 08:59 Paris (CEST): a wall-clock 62h from Friday 18:00 would already have ended the freeze.
        scheduler.advance(Duration.between(clock.instant(), Instant.parse("2026-03-30T06:59:00Z")));
        assertThat(waiting).isNotDone();

        scheduler.advance(Duration.ofMinutes(1)); // Monday 09:00 Paris = 62 elapsed hours
        assertThat(waiting).isCompleted();
        assertThat(waiting.join().grantedAt()).isEqualTo(Instant.parse("2026-03-30T07:00:00Z"));
        assertThat(events).containsSubsequence(EventType.FREEZE_STARTED, EventType.FREEZE_ENDED, EventType.STARTED);
    }

    @Test
    void aDeployQueuedInsideTheFreezeWaitsAndOneQueuedAfterItGoesAtOnce() {
        scheduler.advance(Duration.ofHours(24)); // Saturday
        CompletableFuture<DeploySlot> saturday = enqueue(3);
        assertThat(saturday).isNotDone();

        scheduler.advance(Duration.between(clock.instant(), Instant.parse("2026-03-30T07:00:00Z")));
        assertThat(saturday).isCompleted();
        saturday.join().release();
        assertThat(enqueue(4)).isCompleted();
    }

    @Test
    void freezeEventsMarkWhenAFreezeHoldsDeploysNotWhenTheWindowOpens() {
        scheduler.advance(Duration.ofHours(2)); // inside the window, nothing queued
        assertThat(events).isEmpty();

        Ticket saturday = coordinator.enqueue(DeployRequest.deploy(PRODUCTION, "v5", 5, "bob", Trigger.PUSH));
        assertThat(events).containsExactly(EventType.QUEUED, EventType.FREEZE_STARTED);

        coordinator.cancel(saturday.id(), "bob"); // still frozen, but nothing is held any more
        assertThat(events)
                .containsExactly(EventType.QUEUED, EventType.FREEZE_STARTED, EventType.ABORTED, EventType.FREEZE_ENDED);
        assertThat(production.freezeSchedule().activeAt(clock.instant())).isPresent();
    }
}
