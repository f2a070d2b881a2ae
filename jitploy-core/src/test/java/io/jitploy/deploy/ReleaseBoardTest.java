package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.DeployRequest;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.events.EventBus;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import io.jitploy.promotion.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What views show of a store: environments appear with a live release or with anything going on. */
class ReleaseBoardTest {
    private static final EnvironmentKey STAGING = EnvironmentKey.of("shop", "staging");
    private static final EnvironmentKey PRODUCTION = EnvironmentKey.of("shop", "production");

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T14:00:00Z"));
    private final ReleaseLedger ledger = ReleaseLedger.inMemory(clock);
    private final DeployCoordinator coordinator = new DeployCoordinator(clock, (at, task) -> () -> {}, new EventBus());
    private final ReleaseBoard board = new ReleaseBoard(ledger, coordinator);

    private Release live(String environment, String version) {
        Release queued = ledger.record(ReleaseDraft.builder("shop", environment, version)
                .sha("sha-" + version)
                .build());
        ledger.markStarted(queued.id(), clock.instant());
        return ledger.finish(queued.id(), ReleaseResult.SUCCEEDED, clock.instant(), null);
    }

    @Test
    void aFirstDeployWaitingBehindALockIsShownBeforeAnyRelease() {
        Release staging = live("staging", "1");
        coordinator.lock(PRODUCTION, "db migration", "alice", Optional.empty());
        coordinator.enqueue(DeployRequest.deploy(PRODUCTION, "1", "bob", Trigger.PROMOTE));

        List<EnvironmentStatus> environments = board.environments("shop");

        assertThat(environments).extracting(EnvironmentStatus::environment).containsExactly("production", "staging");
        EnvironmentStatus production = environments.get(0);
        assertThat(production.live()).isEmpty();
        assertThat(production.lock())
                .hasValueSatisfying(lock -> assertThat(lock.reason()).isEqualTo("db migration"));
        assertThat(production.queue()).singleElement().satisfies(entry -> {
            assertThat(entry.requestedBy()).isEqualTo("bob");
            assertThat(entry.waitingReason()).contains("db migration");
        });
        assertThat(environments.get(1).live()).contains(staging);
        assertThat(environments.get(1).deploying()).isEmpty();
    }

    @Test
    void theDeployHoldingTheSlotIsShown() {
        coordinator.enqueue(DeployRequest.deploy(STAGING, "2", "carol", Trigger.PUSH));

        assertThat(board.environments("shop")).singleElement().satisfies(staging -> {
            assertThat(staging.deploying()).hasValueSatisfying(holder -> assertThat(holder.requestedBy())
                    .isEqualTo("carol"));
            assertThat(staging.queue()).isEmpty();
        });
    }

    @Test
    void anEnvironmentWithNothingGoingOnAndNoReleaseIsLeftOut() {
        live("staging", "1");
        coordinator.lock(
                PRODUCTION, "freeze", "alice", Optional.of(clock.instant().plus(Duration.ofMinutes(5))));
        coordinator.queue(EnvironmentKey.of("shop", "dev")); // a look-up alone shows nothing

        clock.advance(Duration.ofMinutes(6)); // the lock expired

        assertThat(board.environments("shop"))
                .extracting(EnvironmentStatus::environment)
                .containsExactly("staging");
        assertThat(board.environments("blog")).isEmpty();
    }

    @Test
    void applicationsWithOnlyAWaitingDeployAreListed() {
        coordinator.lock(EnvironmentKey.of("blog", "production"), "incident", "alice", Optional.empty());

        assertThat(board.applications(Set.of("shop"))).containsExactly("blog", "shop");
        assertThat(board.applications(Set.of())).containsExactly("blog");
    }
}
