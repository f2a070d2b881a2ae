package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.PRODUCTION;
import static io.jitploy.coordination.CoordinatorFixture.STAGING;
import static io.jitploy.coordination.CoordinatorFixture.START;
import static io.jitploy.coordination.CoordinatorFixture.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.config.FreezeSchedule;
import io.jitploy.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LocksAndFreezesTest {
    private final CoordinatorFixture f = new CoordinatorFixture();
    private final DeployCoordinator coordinator = f.coordinator;

    private CompletableFuture<DeploySlot> enqueue(DeployRequest request) {
        return coordinator.awaitSlot(coordinator.enqueue(request).id());
    }

    /** Frozen during [from, to): a weekend-style window. */
    private static FreezeSchedule window(Instant from, Instant to, String reason) {
        return now -> !now.isBefore(from) && now.isBefore(to)
                ? Optional.of(new FreezeSchedule.ActiveFreeze(reason, to))
                : Optional.empty();
    }

    @Test
    void lockedEnvironmentHoldsOthersDeploysUntilUnlocked() {
        coordinator.lock(PRODUCTION, "db migration", "alice", Optional.of(START.plus(Duration.ofHours(1))));
        CompletableFuture<DeploySlot> bob = enqueue(push(PRODUCTION, 3, "bob"));
        CompletableFuture<DeploySlot> carol = enqueue(push(PRODUCTION, 4, "carol"));

        assertThat(bob).isNotDone();
        assertThat(coordinator.queue(PRODUCTION))
                .extracting(QueueEntry::waitingReason)
                .containsExactly(
                        "locked by alice until Tue 24 Nov 15:00 UTC: db migration",
                        "queued behind 1 earlier request; locked by alice until Tue 24 Nov 15:00 UTC: db migration");
        assertThatThrownBy(() -> coordinator.unlock(PRODUCTION, "bob"))
                .isInstanceOf(LockOwnershipException.class)
                .hasMessageContaining("only alice can unlock it")
                .hasMessageContaining("steal");
        assertThatThrownBy(() -> coordinator.lock(PRODUCTION, "mine", "bob", Optional.empty()))
                .isInstanceOf(EnvironmentLockedException.class)
                .hasMessageContaining("shop/production is locked by alice");

        assertThat(coordinator.unlock(PRODUCTION, "alice")).isTrue();
        assertThat(bob.join().version()).contains("v3");
        assertThat(carol).isNotDone();
        assertThat(coordinator.unlock(PRODUCTION, "alice")).isFalse();
        assertThat(f.eventTypes()).contains(EventType.LOCKED, EventType.UNLOCKED);
    }

    @Test
    void lockOwnerDeploysThroughTheirOwnLock() {
        coordinator.lock(STAGING, "testing my branch", "alice", Optional.empty());
        assertThat(enqueue(push(STAGING, 1, "alice")).join().version()).contains("v1");
        assertThat(coordinator.locks()).extracting(EnvironmentLock::owner).containsExactly("alice");
    }

    @Test
    void expiredLockResumesHeldDeploysWithoutAnyoneCallingIn() {
        coordinator.lock(PRODUCTION, "db migration", "alice", Optional.of(START.plus(Duration.ofMinutes(30))));
        CompletableFuture<DeploySlot> bob = enqueue(push(PRODUCTION, 3, "bob"));

        f.scheduler.advance(Duration.ofMinutes(29));
        assertThat(bob).isNotDone();
        assertThat(coordinator.lockOf(PRODUCTION)).isPresent();

        f.scheduler.advance(Duration.ofMinutes(1));
        assertThat(bob).isCompleted();
        assertThat(coordinator.locks()).isEmpty();
        assertThat(f.eventsOf(EventType.UNLOCKED)).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("lock expired: db migration"));
        assertThat(f.scheduler.pending()).isZero();
    }

    @Test
    void expiryWithNobodyWaitingStillUnlocksAndAnnounces() {
        coordinator.lock(STAGING, "demo", "alice", Optional.of(START.plus(Duration.ofMinutes(5))));
        f.scheduler.advance(Duration.ofMinutes(5));
        assertThat(coordinator.locks()).isEmpty();
        assertThat(f.eventTypes()).containsExactly(EventType.LOCKED, EventType.UNLOCKED);
        assertThatThrownBy(() -> coordinator.lock(STAGING, "late", "bob", Optional.of(START)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not in the future");
    }

    @Test
    void lockReturnsTheLockTakenAndListingsComeSortedByApplicationThenEnvironment() {
        java.util.List<EnvironmentKey> keys = new java.util.ArrayList<>();
        for (String app : java.util.List.of("web", "api", "shop", "billing")) {
            for (String env : java.util.List.of("qa", "production", "staging", "dev")) {
                keys.add(EnvironmentKey.of(app, env));
            }
        }
        Instant expiry = START.plus(Duration.ofHours(1));
        for (EnvironmentKey key : keys) {
            EnvironmentLock taken = coordinator.lock(key, "audit", "alice", Optional.of(expiry));
            assertThat(taken.key()).isEqualTo(key);
            assertThat(taken.owner()).isEqualTo("alice");
            assertThat(taken.reason()).isEqualTo("audit");
            assertThat(taken.expiry()).contains(expiry);
        }
        java.util.Comparator<EnvironmentKey> order =
                java.util.Comparator.comparing(EnvironmentKey::application).thenComparing(EnvironmentKey::environment);
        java.util.List<EnvironmentKey> sorted = keys.stream().sorted(order).toList();

        assertThat(coordinator.locks()).extracting(EnvironmentLock::key).containsExactlyElementsOf(sorted);
        assertThat(coordinator.activeEnvironments()).containsExactlyElementsOf(sorted);
        assertThat(coordinator.snapshot().environments())
                .extracting(e -> EnvironmentKey.of(e.application(), e.environment()))
                .containsExactlyElementsOf(sorted);
        assertThat(coordinator.unlockAllHeldBy("alice")).containsExactlyElementsOf(sorted);
    }

    @Test
    void stealRecordsWhoTookTheLockAndFromWhom() {
        coordinator.lock(PRODUCTION, "db migration", "alice", Optional.of(START.plus(Duration.ofMinutes(30))));
        CompletableFuture<DeploySlot> bob = enqueue(push(PRODUCTION, 3, "bob"));

        EnvironmentLock stolen = coordinator.steal(PRODUCTION, "bob", "hotfix for outage");

        assertThat(stolen.owner()).isEqualTo("bob");
        assertThat(stolen.stolenFrom()).isEqualTo("alice");
        assertThat(stolen.expiry()).isEmpty();
        assertThat(bob).isCompleted(); // bob owns the lock now, so his deploy passes
        assertThat(f.eventsOf(EventType.UNLOCKED)).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.detail()).isEqualTo("stolen from alice: hotfix for outage");
            assertThat(e.attribute("stolenFrom")).contains("alice");
        });
        assertThat(f.eventsOf(EventType.LOCKED))
                .as("alice's lock, then bob's stolen one")
                .extracting(e -> e.actor(), e -> e.detail(), e -> e.attribute("stolenFrom"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("alice", "db migration", java.util.Optional.empty()),
                        org.assertj.core.groups.Tuple.tuple(
                                "bob", "hotfix for outage", java.util.Optional.of("alice")));
        // The old expiry no longer applies to the stolen lock.
        f.scheduler.advance(Duration.ofHours(2));
        assertThat(coordinator.lockOf(PRODUCTION)).hasValue(stolen);
        assertThatThrownBy(() -> coordinator.unlock(PRODUCTION, "alice")).isInstanceOf(LockOwnershipException.class);
        assertThat(coordinator.unlock(PRODUCTION, "bob")).isTrue();
        assertThatThrownBy(() -> coordinator.steal(PRODUCTION, "carol", "x"))
                .isInstanceOf(LockOwnershipException.class)
                .hasMessageContaining("is not locked");
    }

    @Test
    void failFastRequestsFailWithActionableErrorsInsteadOfWaiting() {
        coordinator.lock(PRODUCTION, "db migration", "alice", Optional.empty());
        CompletableFuture<DeploySlot> locked =
                enqueue(push(PRODUCTION, 3, "bob").withFailFast(true));
        assertThatThrownBy(locked::join)
                .cause()
                .isInstanceOf(EnvironmentLockedException.class)
                .hasMessageContaining("shop/production is locked by alice: db migration")
                .hasMessageContaining("queue without failFast");
        assertThat(coordinator.queue(PRODUCTION)).isEmpty();

        coordinator.setFreezeSchedule(STAGING, window(START, START.plus(Duration.ofDays(2)), "weekend"));
        CompletableFuture<DeploySlot> frozen = enqueue(push(STAGING, 3, "bob").withFailFast(true));
        assertThatThrownBy(frozen::join)
                .cause()
                .isInstanceOf(EnvironmentFrozenException.class)
                .hasMessageContaining("shop/staging is frozen: weekend until Thu 26 Nov 14:00 UTC")
                .hasMessageContaining("starts by itself when the freeze lifts");
        assertThat(f.eventsOf(EventType.ABORTED))
                .extracting(e -> e.attribute("refusal").orElseThrow())
                .containsExactly("EnvironmentLockedException", "EnvironmentFrozenException");
    }

    @Test
    void freezeIsEvaluatedWhenTheDeployWouldStartNotWhenQueued() {
        Instant freezeStart = START.plus(Duration.ofHours(4));
        Instant freezeEnd = freezeStart.plus(Duration.ofHours(62));
        coordinator.setFreezeSchedule(PRODUCTION, window(freezeStart, freezeEnd, "weekend"));
        DeploySlot running = enqueue(push(PRODUCTION, 1, "alice")).join();
        // Queued outside the freeze: a check at queue time would let it through.
        CompletableFuture<DeploySlot> waiting = enqueue(push(PRODUCTION, 2, "bob"));

        f.scheduler.advance(Duration.ofHours(5)); // the freeze has begun
        running.release();

        assertThat(waiting).isNotDone();
        assertThat(coordinator.queue(PRODUCTION).get(0).waitingReason())
                .isEqualTo("frozen: weekend until Fri 27 Nov 08:00 UTC");
        assertThat(f.eventsOf(EventType.FREEZE_STARTED)).hasSize(1);

        f.scheduler.advance(Duration.ofHours(60));
        assertThat(waiting).isNotDone();
        f.scheduler.advance(Duration.ofHours(1)); // freeze ends at +66h
        assertThat(waiting).isCompleted();
        assertThat(f.eventTypes())
                .containsSubsequence(EventType.FREEZE_STARTED, EventType.FREEZE_ENDED, EventType.STARTED);
        assertThat(waiting.join().grantedAt()).isEqualTo(freezeEnd);
    }

    @Test
    void lockAndFreezeTogetherWaitForBoth() {
        coordinator.setFreezeSchedule(STAGING, window(START, START.plus(Duration.ofHours(2)), "release freeze"));
        coordinator.lock(STAGING, "investigating", "alice", Optional.of(START.plus(Duration.ofHours(3))));
        CompletableFuture<DeploySlot> bob = enqueue(push(STAGING, 1, "bob"));

        f.scheduler.advance(Duration.ofHours(2));
        assertThat(bob).isNotDone(); // freeze over, lock still on
        assertThat(coordinator.queue(STAGING).get(0).waitingReason()).startsWith("locked by alice");
        f.scheduler.advance(Duration.ofHours(1));
        assertThat(bob).isCompleted();
    }

    @Test
    void aLockExpiringBeforeAFreezeEndsIsLiftedAndAnnouncedOnTime() {
        // alice's own lock does not hold her deploy back, the freeze does: both must wake the coordinator.
        coordinator.setFreezeSchedule(STAGING, window(START, START.plus(Duration.ofHours(2)), "release freeze"));
        coordinator.lock(STAGING, "investigating", "alice", Optional.of(START.plus(Duration.ofHours(1))));
        CompletableFuture<DeploySlot> alice = enqueue(push(STAGING, 1, "alice"));

        f.scheduler.advance(Duration.ofHours(1));
        assertThat(f.eventsOf(EventType.UNLOCKED))
                .as("the lock's expiry wakes the coordinator, though the freeze goes on")
                .singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(START.plus(Duration.ofHours(1))));
        assertThat(alice).isNotDone();

        f.scheduler.advance(Duration.ofHours(1));
        assertThat(alice).isCompleted();
        assertThat(alice.join().grantedAt()).isEqualTo(START.plus(Duration.ofHours(2)));
    }

    @Test
    void newFreezeScheduleAppliesToWaitingDeploysImmediately() {
        coordinator.setFreezeSchedule(STAGING, window(START, START.plus(Duration.ofDays(1)), "incident"));
        CompletableFuture<DeploySlot> bob = enqueue(push(STAGING, 1, "bob"));
        assertThat(bob).isNotDone();
        coordinator.setFreezeSchedule(STAGING, FreezeSchedule.NEVER);
        assertThat(bob).isCompleted();
        assertThat(f.eventTypes()).containsSubsequence(EventType.FREEZE_STARTED, EventType.FREEZE_ENDED);
    }
}
