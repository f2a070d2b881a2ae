package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.PRODUCTION;
import static io.jitploy.coordination.CoordinatorFixture.STAGING;
import static io.jitploy.coordination.CoordinatorFixture.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.events.EventType;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The lock of a {@code jitployLock} block: released whatever phase the block is stopped in, exactly once. */
class ScopedLockTest {
    private static final String BUILD = "build shop/main#7";

    private final CoordinatorFixture f = new CoordinatorFixture();
    private final DeployCoordinator coordinator = f.coordinator;
    private final ScopedLock scope = new ScopedLock(coordinator, PRODUCTION, BUILD, "outer");

    private CompletableFuture<DeploySlot> bobDeploys() {
        return coordinator.awaitSlot(
                coordinator.enqueue(push(PRODUCTION, 3, "bob")).id());
    }

    @Test
    void blockThatEndsReleasesItsLockOnce() {
        assertThat(scope.acquire("db migration")).isTrue();
        CompletableFuture<DeploySlot> bob = bobDeploys();
        assertThat(bob).isNotDone();

        assertThat(scope.release()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(bob).isCompleted();
        assertThat(scope.release()).isEqualTo(ScopedLock.Released.NOT_HELD);
        assertThat(scope.stop()).isEqualTo(ScopedLock.Released.NOT_HELD);
    }

    @Test
    void stopBeforeTheLockIsTakenMeansItIsNeverTaken() {
        assertThat(scope.stop()).isEqualTo(ScopedLock.Released.NOT_HELD);

        assertThat(scope.acquire("db migration")).isFalse();
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
        assertThat(f.eventTypes()).doesNotContain(EventType.LOCKED);
    }

    @Test
    void stopWhileTheLockIsBeingTakenReleasesItAsSoonAsItIsTaken() {
        AtomicReference<ScopedLock.Released> stopped = new AtomicReference<>();
        // The LOCKED event is published from inside coordinator.lock(): the abort lands while acquire() is in flight.
        f.bus.subscribe(event -> {
            if (event.type() == EventType.LOCKED && stopped.get() == null) {
                stopped.set(scope.stop());
            }
        });
        CompletableFuture<DeploySlot> bob = bobDeploys();

        assertThat(scope.acquire("db migration")).isFalse();

        assertThat(stopped.get()).isEqualTo(ScopedLock.Released.RELEASED_WHEN_TAKEN);
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
        assertThat(bob).isCompleted();
        assertThat(f.eventTypes()).containsSubsequence(EventType.LOCKED, EventType.UNLOCKED);
        assertThat(scope.isHeld()).isFalse();
    }

    @Test
    void stopAfterTheLockIsTakenAndBeforeTheBlockStartsReleasesIt() {
        assertThat(scope.acquire("db migration")).isTrue();
        CompletableFuture<DeploySlot> bob = bobDeploys();

        assertThat(scope.stop()).isEqualTo(ScopedLock.Released.RELEASED);

        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
        assertThat(bob).isCompleted();
        assertThat(scope.isStopped()).isTrue();
        assertThat(scope.release()).isEqualTo(ScopedLock.Released.NOT_HELD); // the block's end, later: nothing left
    }

    @Test
    void lockRefusedLeavesTheOtherOwnersLockAndTheScopeOver() {
        coordinator.lock(PRODUCTION, "incident", "alice", Optional.empty());

        assertThatThrownBy(() -> scope.acquire("db migration")).isInstanceOf(EnvironmentLockedException.class);

        assertThat(scope.stop()).isEqualTo(ScopedLock.Released.NOT_HELD);
        assertThat(coordinator.lockOf(PRODUCTION).orElseThrow().owner()).isEqualTo("alice");
    }

    @Test
    void stolenLockIsLeftToItsNewOwner() {
        assertThat(scope.acquire("db migration")).isTrue();
        coordinator.steal(PRODUCTION, "alice", "hotfix");

        assertThat(scope.release()).isEqualTo(ScopedLock.Released.TAKEN_OVER);
        assertThat(coordinator.lockOf(PRODUCTION).orElseThrow().owner()).isEqualTo("alice");
    }

    @Test
    void afterARestartTheScopeHoldsTheLockOnlyIfTheRestoredCoordinatorSaysSo() {
        assertThat(scope.acquire("db migration")).isTrue();
        DeployCoordinator restored = DeployCoordinator.restore(coordinator.snapshot(), f.clock, f.scheduler, f.bus);

        ScopedLock resumed = ScopedLock.resume(restored, PRODUCTION, BUILD, "outer");
        assertThat(resumed.isHeld()).isTrue();
        assertThat(resumed.stop()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(restored.lockOf(PRODUCTION)).isEmpty();

        ScopedLock notTaken = ScopedLock.resume(restored, STAGING, BUILD, "outer");
        assertThat(notTaken.isHeld()).isFalse();
        assertThat(notTaken.acquire("second try")).isTrue();
        assertThat(restored.lockOf(STAGING).orElseThrow().owner()).isEqualTo(BUILD);
    }

    @Test
    void unlockAllHeldByRemovesOnlyThatOwnersLocks() {
        coordinator.lock(PRODUCTION, "migration", BUILD, Optional.empty());
        coordinator.lock(STAGING, "migration", BUILD, Optional.empty());
        EnvironmentKey other = EnvironmentKey.of("shop", "preview");
        coordinator.lock(other, "demo", "alice", Optional.empty());

        assertThat(coordinator.unlockAllHeldBy(BUILD)).containsExactly(PRODUCTION, STAGING);

        assertThat(coordinator.locks()).extracting(EnvironmentLock::owner).containsExactly("alice");
        assertThat(coordinator.unlockAllHeldBy(BUILD)).isEmpty();
        assertThat(coordinator.unlockIfHeldBy(other, BUILD)).isFalse();
    }

    @Test
    void racingStopNeverLeavesTheLockHeld() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 500; i++) {
                ScopedLock raced = new ScopedLock(coordinator, PRODUCTION, "build shop/main#" + i, "block");
                CountDownLatch go = new CountDownLatch(1);
                Future<Boolean> taken = pool.submit(() -> {
                    go.await();
                    return raced.acquire("race");
                });
                Future<ScopedLock.Released> stopped = pool.submit(() -> {
                    go.await();
                    return raced.stop();
                });
                go.countDown();
                taken.get();
                stopped.get();

                assertThat(coordinator.lockOf(PRODUCTION)).as("round %d", i).isEmpty();
                assertThat(raced.isHeld()).isFalse();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
