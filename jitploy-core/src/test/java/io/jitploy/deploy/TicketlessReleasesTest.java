package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Releases the ledger shows queued or running that no ticket carries after a restart: the controller stopped
 * between recording the release and queueing it, or the coordinator's saved state was lost. Nothing would ever
 * finish them, so {@link DeployOrchestrator#abandonOrphans} records them aborted once their owner is gone. Real file
 * ledger, reopened at every restart.
 */
class TicketlessReleasesTest {
    private static final EnvironmentKey STAGING = EnvironmentKey.of(APP, "staging");
    private static final Predicate<Release> OWNER_GONE = release -> true;

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void startEngine() throws Exception {
        engine = new Engine(dir);
    }

    @AfterEach
    void stopEngine() {
        engine.close();
    }

    /** What {@code start} leaves when the controller stops after the ledger write and before the enqueue. */
    private Release recordedButNeverQueued(String version) {
        return engine.ledger.record(
                ReleaseTicket.draft(engine.push("staging", version).build()));
    }

    @Test
    void aReleaseRecordedButNeverQueuedIsRecordedAbortedOnceItsOwnerIsGone() throws Exception {
        Release stranded = recordedButNeverQueued("v1");
        engine.restartFromSavedState();

        assertThat(engine.orchestrator.abandonOrphans(release -> false)).isEmpty();
        List<Release> abandoned = engine.orchestrator.abandonOrphans(OWNER_GONE);

        assertThat(abandoned).extracting(Release::id).containsExactly(stranded.id());
        Release recorded = engine.ledger.byId(stranded.id()).orElseThrow();
        assertThat(recorded.result()).isEqualTo(ReleaseResult.ABORTED);
        assertThat(recorded.note()).contains("recorded but never queued");
        assertThat(engine.events)
                .filteredOn(e -> e.type() == EventType.ABORTED)
                .extracting(DeployEvent::releaseId, DeployEvent::actor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(stranded.id(), "jenkins"));
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE))
                .as("nothing is abandoned twice")
                .isEmpty();

        engine.restartFromSavedState();
        assertThat(engine.ledger.byId(stranded.id()).orElseThrow().result()).isEqualTo(ReleaseResult.ABORTED);
        assertThat(engine.ledger.unfinished()).isEmpty();
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE)).isEmpty();
    }

    @Test
    void aRunningReleaseWhoseSlotWasLostIsRecordedAbortedAndALateReattachSaysWhy() throws Exception {
        DeployIntent intent = engine.push("staging", "v1").build();
        DeployRun running = engine.orchestrator.start(intent);
        await(running.started());

        engine.restartLosingCoordinatorState();
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE))
                .extracting(Release::id)
                .containsExactly(running.releaseId());

        DeployRun late = engine.orchestrator.reattach(running.id(), intent);
        assertThatThrownBy(() -> await(late.started()))
                .cause()
                .isInstanceOf(DeployNotStartedException.class)
                .hasMessageContaining("slot was lost")
                .hasMessageContaining("deploy v1 again");
        assertThat(await(late.finished()).release().result()).isEqualTo(ReleaseResult.ABORTED);
    }

    @Test
    void aReleaseItsOwnerQueuesAgainIsLeftToThatRun() throws Exception {
        Release stranded = recordedButNeverQueued("v1");
        Release ownerless = recordedButNeverQueued("v2");
        engine.restartFromSavedState();
        DeployIntent intent = engine.push("staging", "v1").build();

        DeployRun resumed = engine.orchestrator.reattach(stranded.id(), intent);
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE))
                .extracting(Release::id)
                .containsExactly(ownerless.id());

        assertThat(await(resumed.started()).releaseId()).isEqualTo(stranded.id());
        assertThat(await(resumed.complete(DeployOutcome.succeeded())).release().result())
                .isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE)).isEmpty();
        assertThat(engine.coordinator.holder(STAGING)).isEmpty();
    }

    @Test
    void aReleaseRecordedSinceTheRestartIsNeverAbandoned() throws Exception {
        Release stranded = recordedButNeverQueued("v1");
        engine.restartFromSavedState();
        Release underWay = recordedButNeverQueued("v2"); // a start() between its ledger write and its enqueue

        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE))
                .extracting(Release::id)
                .containsExactly(stranded.id());
        assertThat(engine.ledger.byId(underWay.id()).orElseThrow().result()).isEqualTo(ReleaseResult.QUEUED);
    }

    @Test
    void aReleaseAbandonedWhileItsOwnerReattachesIsNeitherQueuedNorResumed() throws Exception {
        Release stranded = recordedButNeverQueued("v1");
        engine.restartFromSavedState();
        engine.orchestrator.abandonOrphans(OWNER_GONE);

        DeployRun late = engine.orchestrator.reattach(
                stranded.id(), engine.push("staging", "v1").build());

        assertThat(await(late.finished()).release().result()).isEqualTo(ReleaseResult.ABORTED);
        assertThat(engine.coordinator.queue(STAGING)).isEmpty();
        assertThat(engine.coordinator.holder(STAGING)).isEmpty();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}
