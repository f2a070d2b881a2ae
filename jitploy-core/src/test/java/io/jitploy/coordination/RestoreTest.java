package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.PRODUCTION;
import static io.jitploy.coordination.CoordinatorFixture.STAGING;
import static io.jitploy.coordination.CoordinatorFixture.START;
import static io.jitploy.coordination.CoordinatorFixture.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.config.FreezeSchedule;
import io.jitploy.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RestoreTest {
    private final CoordinatorFixture before = new CoordinatorFixture();
    private final CoordinatorStateCodec codec = new CoordinatorStateCodec();

    /** A fresh "controller" at the same instant, restored from the bytes the old one persisted. */
    private CoordinatorFixture restart(Duration downtime, Map<EnvironmentKey, FreezeSchedule> freezes) {
        byte[] persisted = codec.encode(before.coordinator.snapshot());
        CoordinatorFixture after = new CoordinatorFixture();
        after.clock.advance(Duration.between(START, before.clock.instant()).plus(downtime));
        after.coordinator =
                DeployCoordinator.restore(codec.decode(persisted), after.clock, after.scheduler, after.bus, freezes);
        return after;
    }

    @Test
    void holderQueueOrderLocksAndHistorySurviveARestart() {
        DeployCoordinator old = before.coordinator;
        Ticket holder = old.enqueue(push(STAGING, 10, "alice"));
        Ticket stale = old.enqueue(push(STAGING, 8, "bob"));
        Ticket next = old.enqueue(push(STAGING, 11, "carol"));
        Ticket last = old.enqueue(DeployRequest.hold(STAGING, "qa", "smoke tests"));
        old.recordSucceeded(STAGING, 9, "v9");
        old.lock(PRODUCTION, "db migration", "dora", Optional.of(START.plus(Duration.ofMinutes(30))));
        Ticket held = old.enqueue(push(PRODUCTION, 5, "erin"));
        List<QueueEntry> queueBefore = old.queue(STAGING);

        CoordinatorFixture after = restart(Duration.ofMinutes(10), Map.of());
        DeployCoordinator restored = after.coordinator;

        assertThat(restored.queue(STAGING)).isEqualTo(queueBefore);
        assertThat(restored.holder(STAGING).orElseThrow().ticketId()).isEqualTo(holder.id());
        CompletableFuture<DeploySlot> reattached = restored.awaitSlot(holder.id());
        assertThat(reattached).isCompleted();
        assertThat(restored.awaitSlot(holder.id())).isSameAs(reattached);
        assertThat(restored.lockOf(PRODUCTION).orElseThrow().reason()).isEqualTo("db migration");
        assertThat(after.events).isEmpty(); // nothing changed by itself during the downtime

        List<String> started = new ArrayList<>();
        for (Ticket t : List.of(stale, next, last)) {
            restored.awaitSlot(t.id()).thenAccept(s -> started.add(s.ticketId()));
        }
        reattached.join().releaseSucceeded();
        assertThatThrownBy(() -> restored.awaitSlot(stale.id()).join()).hasCauseInstanceOf(StaleVersionException.class);
        assertThat(started).containsExactly(next.id());
        restored.awaitSlot(next.id()).join().release();
        assertThat(started).containsExactly(next.id(), last.id());

        // The lock's expiry is honoured by the new controller's scheduler.
        CompletableFuture<DeploySlot> erin = restored.awaitSlot(held.id());
        assertThat(erin).isNotDone();
        after.scheduler.advance(Duration.ofMinutes(20));
        assertThat(erin).isCompleted();

        // New tickets never reuse an id issued before the restart.
        assertThat(restored.enqueue(push(STAGING, 12, "x")).sequence()).isGreaterThan(held.sequence());
    }

    @Test
    void lockThatExpiredDuringDowntimeIsReleasedOnRestore() {
        before.coordinator.lock(PRODUCTION, "maintenance", "dora", Optional.of(START.plus(Duration.ofMinutes(5))));
        Ticket waiting = before.coordinator.enqueue(push(PRODUCTION, 1, "erin"));

        CoordinatorFixture after = restart(Duration.ofHours(1), Map.of());

        assertThat(after.coordinator.awaitSlot(waiting.id())).isCompleted();
        assertThat(after.eventTypes()).containsExactly(EventType.UNLOCKED, EventType.STARTED);
    }

    @Test
    // A schedule whose freeze never ends once made the wake-up timer fire in a loop; fail instead of hanging.
    @Timeout(value = 20, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void freezeSchedulesPassedToRestoreKeepHeldDeploysWaiting() {
        FreezeSchedule weekend =
                now -> Optional.of(new FreezeSchedule.ActiveFreeze("weekend", START.plus(Duration.ofDays(2))));
        before.coordinator.setFreezeSchedule(PRODUCTION, weekend);
        Ticket waiting = before.coordinator.enqueue(push(PRODUCTION, 1, "erin"));

        CoordinatorFixture after = restart(Duration.ofHours(1), Map.of(PRODUCTION, weekend));

        CompletableFuture<DeploySlot> slot = after.coordinator.awaitSlot(waiting.id());
        assertThat(slot).isNotDone();
        assertThat(after.events).isEmpty(); // the freeze was already announced before the restart
        after.scheduler.advance(Duration.ofDays(2));
        assertThat(slot).isNotDone(); // this schedule never ends; replace it
        after.coordinator.setFreezeSchedule(PRODUCTION, FreezeSchedule.NEVER);
        assertThat(slot).isCompleted();
    }

    @Test
    void onChangeDeliversTheLatestStateAfterEveryChange() throws Exception {
        List<CoordinatorState> saved = new ArrayList<>();
        AutoCloseable handle = before.coordinator.onChange(saved::add);
        Ticket t = before.coordinator.enqueue(push(STAGING, 1, "a"));
        before.coordinator.awaitSlot(t.id()).join().release();
        handle.close();
        before.coordinator.enqueue(push(STAGING, 2, "a"));

        assertThat(saved).hasSize(2);
        assertThat(saved.get(0).environments().get(0).holder().id()).isEqualTo(t.id());
        assertThat(saved.get(1).environments()).isEmpty(); // an idle environment is not persisted
    }

    @Test
    void codecRefusesForeignOrNewerState() {
        assertThatThrownBy(() -> codec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CoordinatorStateFormatException.class)
                .hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> codec.decode("{\"queues\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CoordinatorStateFormatException.class)
                .hasMessageContaining("no integer 'format' field");
        assertThatThrownBy(() -> codec.decode("{\"format\":2,\"instance\":\"x\",\"nextTicket\":1,\"environments\":[]}"
                        .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CoordinatorStateFormatException.class)
                .hasMessageContaining("format 2")
                .hasMessageContaining("upgrade Jitploy");
        assertThatThrownBy(() -> codec.decode(
                        "{\"format\":1,\"instance\":\"x\",\"nextTicket\":1,\"environments\":[],\"extra\":1}"
                                .getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CoordinatorStateFormatException.class)
                .hasMessageContaining("malformed");
    }

    @Test
    void encodedStateIsReadableJson() {
        before.coordinator.lock(STAGING, "demo", "alice", Optional.empty());
        String json = new String(codec.encode(before.coordinator.snapshot()), StandardCharsets.UTF_8);
        assertThat(json)
                .startsWith("{\"format\":1,")
                .contains("\"owner\":\"alice\"")
                .contains("\"since\":\"2026-11-24T14:00:00Z\"");
    }
}
