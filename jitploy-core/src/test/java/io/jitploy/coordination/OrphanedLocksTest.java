package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.PRODUCTION;
import static io.jitploy.coordination.CoordinatorFixture.STAGING;
import static io.jitploy.coordination.CoordinatorFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OrphanedLocksTest {
    private static final EnvironmentKey QA = EnvironmentKey.of("shop", "qa");
    private static final EnvironmentKey DEMO = EnvironmentKey.of("shop", "demo");
    private static final EnvironmentKey DOCS = EnvironmentKey.of("docs", "production");

    private final CoordinatorFixture before = new CoordinatorFixture();
    private final CoordinatorStateCodec codec = new CoordinatorStateCodec();

    /** The coordinator a restarted controller restores from the bytes the old one saved. */
    private DeployCoordinator restart(CoordinatorFixture after) {
        return DeployCoordinator.restore(
                codec.decode(codec.encode(before.coordinator.snapshot())), after.clock, after.scheduler, after.bus);
    }

    @Test
    void aRestartReleasesOnlyTheBlockLocksOfBuildsThatAreNoLongerRunning() {
        DeployCoordinator old = before.coordinator;
        old.lock(PRODUCTION, "db migration", OrphanedLocks.blockOwner("team/maintenance#3"), Optional.empty());
        old.lock(STAGING, "smoke tests", OrphanedLocks.blockOwner("team/maintenance#4"), Optional.empty());
        old.lock(QA, "demo week", "alice", Optional.of(START.plus(Duration.ofHours(2))));
        old.lock(DEMO, "until released", "job team/maintenance", Optional.empty());
        old.lock(DOCS, "rewrite", OrphanedLocks.blockOwner("team/docs#1"), Optional.empty());
        old.steal(DOCS, "bob", "incident"); // now bob's: a lasting lock
        CoordinatorFixture after = new CoordinatorFixture();
        DeployCoordinator restored = restart(after);
        List<String> asked = new ArrayList<>();

        List<EnvironmentLock> released = OrphanedLocks.release(restored, build -> {
            asked.add(build);
            return build.equals("team/maintenance#4");
        });

        assertThat(released).singleElement().satisfies(lock -> {
            assertThat(lock.key()).isEqualTo(PRODUCTION);
            assertThat(lock.owner()).isEqualTo("build team/maintenance#3");
        });
        assertThat(asked).containsExactlyInAnyOrder("team/maintenance#3", "team/maintenance#4");
        assertThat(restored.lockOf(PRODUCTION)).isEmpty();
        assertThat(restored.locks())
                .extracting(EnvironmentLock::key)
                .containsExactlyInAnyOrderElementsOf(Set.of(STAGING, QA, DEMO, DOCS));
        assertThat(OrphanedLocks.release(restored, build -> build.equals("team/maintenance#4")))
                .as("once")
                .isEmpty();
    }

    @Test
    void savedStateTellsWhetherABlockLockMayNeedSweeping() {
        DeployCoordinator old = before.coordinator;
        old.lock(QA, "demo week", "alice", Optional.of(START.plus(Duration.ofHours(2))));
        old.lock(DEMO, "until released", "job team/maintenance", Optional.empty());
        assertThat(OrphanedLocks.anyHeldByBuilds(codec.decode(codec.encode(old.snapshot()))))
                .isFalse();

        old.lock(PRODUCTION, "db migration", OrphanedLocks.blockOwner("team/maintenance#3"), Optional.empty());

        assertThat(OrphanedLocks.anyHeldByBuilds(codec.decode(codec.encode(old.snapshot()))))
                .isTrue();
    }

    @Test
    void aLockWithAnExpiryIsNeverABlockLock() {
        EnvironmentLock lasting =
                new EnvironmentLock(QA, "build team/x#1", "r", START, START.plus(Duration.ofHours(1)), null);
        EnvironmentLock block = new EnvironmentLock(QA, "build team/x#1", "r", START, null, null);

        assertThat(OrphanedLocks.buildOf(lasting)).isEmpty();
        assertThat(OrphanedLocks.buildOf(block)).contains("team/x#1");
        assertThat(OrphanedLocks.buildOf(new EnvironmentLock(QA, "build ", "r", START, null, null)))
                .isEmpty();
    }
}
