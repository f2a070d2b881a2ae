package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.PRODUCTION;
import static io.jitploy.coordination.CoordinatorFixture.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.events.EventType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A {@code jitployLock} block inside another block of the same build, on the same environment: the lock is
 * re-entrant, and only the end of the last block that holds it releases it, also across a restart.
 */
class NestedScopedLockTest {
    private static final String BUILD = "build shop/main#7";

    private final CoordinatorFixture f = new CoordinatorFixture();
    private final DeployCoordinator coordinator = f.coordinator;
    private final ScopedLock outer = new ScopedLock(coordinator, PRODUCTION, BUILD, "outer");
    private final ScopedLock inner = new ScopedLock(coordinator, PRODUCTION, BUILD, "inner");

    private CompletableFuture<DeploySlot> bobDeploys() {
        return coordinator.awaitSlot(
                coordinator.enqueue(push(PRODUCTION, 3, "bob")).id());
    }

    @Test
    void theInnerBlockEndingLeavesTheLockToTheOuterBlock() {
        assertThat(outer.acquire("db migration")).isTrue();
        assertThat(inner.acquire("reindex")).isTrue();
        assertThat(outer.joinedOtherScope()).as("the outer block took the lock").isFalse();
        assertThat(inner.joinedOtherScope()).as("the inner block joined it").isTrue();
        CompletableFuture<DeploySlot> bob = bobDeploys();

        assertThat(inner.release()).isEqualTo(ScopedLock.Released.KEPT_FOR_OTHER_SCOPE);
        assertThat(inner.release()).as("ending it twice").isEqualTo(ScopedLock.Released.NOT_HELD);
        assertThat(inner.stop()).isEqualTo(ScopedLock.Released.NOT_HELD);

        assertThat(bob).as("the outer block still holds production").isNotDone();
        assertThat(coordinator.lockOf(PRODUCTION).orElseThrow().reason())
                .as("others still see the outer block's reason")
                .isEqualTo("db migration");
        assertThat(f.eventTypes()).containsOnlyOnce(EventType.LOCKED).doesNotContain(EventType.UNLOCKED);

        assertThat(outer.release()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(bob).isCompleted();
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
    }

    @Test
    void aLockThatEndsOtherwiseForgetsItsBlocks() {
        // Unlocked by its owner: a later block of the same build releases the lock it takes again.
        assertThat(outer.acquire("db migration")).isTrue();
        assertThat(coordinator.unlock(PRODUCTION, BUILD)).isTrue();
        ScopedLock later = new ScopedLock(coordinator, PRODUCTION, BUILD, "later");
        assertThat(later.acquire("reindex")).isTrue();
        assertThat(later.release()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();

        // Stolen: the thief's own block releases it, whatever blocks the former owner had.
        assertThat(new ScopedLock(coordinator, PRODUCTION, BUILD, "a").acquire("db migration"))
                .isTrue();
        assertThat(new ScopedLock(coordinator, PRODUCTION, BUILD, "b").acquire("reindex"))
                .isTrue();
        coordinator.steal(PRODUCTION, "ops", "outage");
        ScopedLock ops = new ScopedLock(coordinator, PRODUCTION, "ops", "fix");
        assertThat(ops.acquire("hotfix")).isTrue();
        assertThat(ops.release()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();

        // Expired: a block joined to the expired lock no longer holds the next one.
        coordinator.lock(
                PRODUCTION, "window", BUILD, Optional.of(CoordinatorFixture.START.plus(java.time.Duration.ofHours(1))));
        assertThat(new ScopedLock(coordinator, PRODUCTION, BUILD, "joined").acquire("reindex"))
                .isTrue();
        f.scheduler.advance(java.time.Duration.ofHours(2));
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
        ScopedLock next = new ScopedLock(coordinator, PRODUCTION, BUILD, "next");
        assertThat(next.acquire("again")).isTrue();
        assertThat(next.release()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
    }

    @Test
    void theOuterBlockEndingFirstLeavesTheLockToTheInnerOne() {
        assertThat(outer.acquire("db migration")).isTrue();
        assertThat(inner.acquire("reindex")).isTrue();

        assertThat(outer.release()).isEqualTo(ScopedLock.Released.KEPT_FOR_OTHER_SCOPE);
        assertThat(inner.stop()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
    }

    @Test
    void anInnerBlockStoppedWhileItJoinsLeavesTheOuterLockHeld() throws Exception {
        assertThat(outer.acquire("db migration")).isTrue();
        // The state listener runs inside the coordinator call that joins: the abort lands while acquire() is in flight.
        try (AutoCloseable stopper = coordinator.onChange(state -> {
            if (!inner.isStopped()) {
                assertThat(inner.stop()).isEqualTo(ScopedLock.Released.RELEASED_WHEN_TAKEN);
            }
        })) {
            assertThat(inner.acquire("reindex")).isFalse();
        }

        assertThat(inner.isStopped()).isTrue();
        assertThat(outer.isHeld()).isTrue();
        assertThat(coordinator.lockOf(PRODUCTION).orElseThrow().owner()).isEqualTo(BUILD);
        assertThat(outer.release()).isEqualTo(ScopedLock.Released.RELEASED);
    }

    @Test
    void anotherOwnerIsStillRefusedAndAStealEndsEveryScope() {
        assertThat(outer.acquire("db migration")).isTrue();
        assertThat(inner.acquire("reindex")).isTrue();
        ScopedLock otherBuild = new ScopedLock(coordinator, PRODUCTION, "build shop/main#8", "outer");
        assertThatThrownBy(() -> otherBuild.acquire("deploy")).isInstanceOf(EnvironmentLockedException.class);
        assertThat(inner.release()).isEqualTo(ScopedLock.Released.KEPT_FOR_OTHER_SCOPE);

        coordinator.steal(PRODUCTION, "alice", "hotfix");

        assertThat(outer.release()).isEqualTo(ScopedLock.Released.TAKEN_OVER);
        assertThat(coordinator.lockOf(PRODUCTION).orElseThrow().owner()).isEqualTo("alice");
    }

    @Test
    void theBuildsEndReleasesTheLockWhateverItsBlocks() {
        assertThat(outer.acquire("db migration")).isTrue();
        assertThat(inner.acquire("reindex")).isTrue();
        assertThat(inner.release()).isEqualTo(ScopedLock.Released.KEPT_FOR_OTHER_SCOPE);

        assertThat(coordinator.unlockAllHeldBy(BUILD)).containsExactly(PRODUCTION);

        assertThat(coordinator.lockOf(PRODUCTION)).isEmpty();
        assertThat(outer.release()).isEqualTo(ScopedLock.Released.NOT_HELD);
    }

    @Test
    void afterARestartEachBlockKnowsWhetherItHadJoined() {
        assertThat(outer.acquire("db migration")).isTrue();
        assertThat(inner.acquire("reindex")).isTrue();
        DeployCoordinator restored = restart();

        ScopedLock outerAgain = ScopedLock.resume(restored, PRODUCTION, BUILD, "outer");
        ScopedLock innerAgain = ScopedLock.resume(restored, PRODUCTION, BUILD, "inner");
        ScopedLock notYetJoined = ScopedLock.resume(restored, PRODUCTION, BUILD, "innermost");
        assertThat(outerAgain.isHeld()).isTrue();
        assertThat(innerAgain.isHeld()).isTrue();
        assertThat(notYetJoined.isHeld())
                .as("a block that was still taking the lock when the controller stopped")
                .isFalse();

        assertThat(notYetJoined.acquire("vacuum")).isTrue();
        assertThat(notYetJoined.release()).isEqualTo(ScopedLock.Released.KEPT_FOR_OTHER_SCOPE);
        assertThat(innerAgain.release()).isEqualTo(ScopedLock.Released.KEPT_FOR_OTHER_SCOPE);
        assertThat(restored.lockOf(PRODUCTION)).isPresent();
        assertThat(outerAgain.release()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(restored.lockOf(PRODUCTION)).isEmpty();
    }

    @Test
    void stateWrittenBeforeScopesWereNamedStillReleasesTheBlocksLock() {
        coordinator.lock(PRODUCTION, "db migration", BUILD, Optional.empty());
        String json = new String(new CoordinatorStateCodec().encode(coordinator.snapshot()), StandardCharsets.UTF_8);
        assertThat(json).as("a lock without scopes is written as before").doesNotContain("scopes");

        DeployCoordinator restored = DeployCoordinator.restore(
                new CoordinatorStateCodec().decode(json.getBytes(StandardCharsets.UTF_8)), f.clock, f.scheduler, f.bus);
        ScopedLock resumed = ScopedLock.resume(restored, PRODUCTION, BUILD, "outer");

        assertThat(resumed.isHeld()).isTrue();
        assertThat(resumed.release()).isEqualTo(ScopedLock.Released.RELEASED);
        assertThat(restored.lockOf(PRODUCTION)).isEmpty();
    }

    /** Through the JSON the plugin saves, as a controller restart does. */
    private DeployCoordinator restart() {
        CoordinatorStateCodec codec = new CoordinatorStateCodec();
        byte[] saved = codec.encode(coordinator.snapshot());
        assertThat(new String(saved, StandardCharsets.UTF_8)).contains("\"scopes\":[\"outer\",\"inner\"]");
        return DeployCoordinator.restore(codec.decode(saved), f.clock, f.scheduler, f.bus);
    }
}
