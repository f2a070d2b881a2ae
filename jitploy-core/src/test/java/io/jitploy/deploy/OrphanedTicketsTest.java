package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.QueueEntry;
import io.jitploy.coordination.SlotHolder;
import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller restart restores every ticket, but only callers that saved their run id can re-attach: the others
 * must not hold or block their environment forever ({@link DeployOrchestrator#abandonOrphans}). Real file ledger,
 * coordinator restored from its JSON encoding.
 */
class OrphanedTicketsTest {
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

    @Test
    void deploysNobodyResumedAreRecordedAbortedAndTheQueueMovesOn() throws Exception {
        DeployRun running =
                engine.orchestrator.start(engine.push("staging", "v1").build());
        await(running.started());
        DeployRun queued =
                engine.orchestrator.start(engine.push("staging", "v2").build());
        DeployIntent resumedIntent = engine.push("staging", "v3").build();
        DeployRun resumedBefore = engine.orchestrator.start(resumedIntent);

        engine.restartFromSavedState();
        DeployRun resumed = engine.orchestrator.reattach(resumedBefore.id(), resumedIntent);
        List<Release> asked = new ArrayList<>();
        List<Release> abandoned = engine.orchestrator.abandonOrphans(release -> asked.add(release));

        assertThat(asked)
                .as("only the releases nobody claimed")
                .extracting(Release::id)
                .containsExactly(running.releaseId(), queued.releaseId());
        assertThat(abandoned).extracting(Release::id).containsExactly(running.releaseId(), queued.releaseId());
        assertThat(abandoned).extracting(Release::result).containsOnly(ReleaseResult.ABORTED);
        assertThat(resultOf(running)).isEqualTo(ReleaseResult.ABORTED);
        assertThat(resultOf(queued)).isEqualTo(ReleaseResult.ABORTED);
        assertThat(engine.events)
                .filteredOn(e -> e.type() == EventType.ABORTED)
                .extracting(DeployEvent::actor)
                .containsExactly("jenkins", "jenkins");

        assertThat(await(resumed.started()).releaseId())
                .as("the resumed deploy gets the slot")
                .isEqualTo(resumedBefore.releaseId());
        assertThat(await(resumed.complete(DeployOutcome.succeeded())).release().result())
                .isEqualTo(ReleaseResult.SUCCEEDED);

        DeployRun late = engine.orchestrator.reattach(running.id(), running.intent());
        assertThatThrownBy(() -> await(late.started()))
                .cause()
                .isInstanceOf(DeployNotStartedException.class)
                .hasMessageContaining("may be incomplete: deploy v1 again");
        assertThat(await(late.finished()).release().result()).isEqualTo(ReleaseResult.ABORTED);
    }

    @Test
    void aDeployWhoseOwnerMayStillResumeKeepsItsPlaceUntilItsOwnerIsGone() throws Exception {
        DeployIntent intent = engine.push("staging", "v1").build();
        DeployRun running = engine.orchestrator.start(intent);
        await(running.started());
        DeployRun queued =
                engine.orchestrator.start(engine.push("staging", "v2").build());

        engine.restartFromSavedState();

        assertThat(engine.orchestrator.abandonOrphans(release -> false)).isEmpty();
        assertThat(engine.coordinator.holder(STAGING))
                .map(SlotHolder::ticketId)
                .contains(running.id().ticketId());
        assertThat(resultOf(running)).isEqualTo(ReleaseResult.RUNNING);

        DeployRun resumed = engine.orchestrator.reattach(running.id(), intent);
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE))
                .as("the resumed deploy is its run's business; the queued one's owner is gone now")
                .extracting(Release::id)
                .containsExactly(queued.releaseId());
        await(resumed.started());
        assertThat(await(resumed.complete(DeployOutcome.succeeded())).release().result())
                .isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(engine.coordinator.holder(STAGING)).isEmpty();
    }

    @Test
    void deploysQueuedSinceTheRestartAreNeverAbandoned() throws Exception {
        engine.orchestrator.start(engine.push("staging", "v1").build());
        engine.restartFromSavedState();

        DeployRun fresh = engine.orchestrator.start(engine.push("staging", "v2").build());
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE)).hasSize(1);
        assertThat(engine.orchestrator.abandonOrphans(OWNER_GONE))
                .as("nothing is abandoned twice")
                .isEmpty();

        assertThat(await(fresh.started()).releaseId()).isEqualTo(fresh.releaseId());
        assertThat(await(fresh.complete(DeployOutcome.succeeded())).release().result())
                .isEqualTo(ReleaseResult.SUCCEEDED);
    }

    /** The controller stopped after the ledger recorded the success but before the slot was released. */
    @Test
    void aFinishedReleaseWhoseSlotWasNeverReleasedIsFreedAndItsSuccessStillCounts() throws Exception {
        DeployRun running =
                engine.orchestrator.start(engine.push("staging", "v5").build());
        await(running.started());
        engine.ledger.finish(running.releaseId(), ReleaseResult.SUCCEEDED, engine.clock.instant(), null);
        DeployIntent nextIntent = engine.push("staging", "v6").build();
        DeployRun next = engine.orchestrator.start(nextIntent);

        engine.restartFromSavedState();
        DeployRun nextResumed = engine.orchestrator.reattach(next.id(), nextIntent);
        assertThat(engine.orchestrator.abandonOrphans(release -> {
                    throw new AssertionError("asked about " + release.id() + ", which is finished or claimed");
                }))
                .isEmpty();

        assertThat(await(nextResumed.started()).releaseId())
                .as("v5's slot is free: v6 got it")
                .isEqualTo(next.releaseId());
        assertThat(engine.coordinator.queue(STAGING))
                .extracting(QueueEntry::ticketId)
                .isEmpty();
        assertThat(resultOf(running)).isEqualTo(ReleaseResult.SUCCEEDED);
        assertRefusedAsStale("v4");
    }

    /** The same crash, but the step that ran the deploy resumes and re-attaches to its (finished) release. */
    @Test
    void reattachingAFinishedReleaseFreesTheSlotItStillHeld() throws Exception {
        DeployIntent intent = engine.push("staging", "v5").build();
        DeployRun running = engine.orchestrator.start(intent);
        await(running.started());
        engine.ledger.finish(running.releaseId(), ReleaseResult.SUCCEEDED, engine.clock.instant(), null);

        engine.restartFromSavedState();
        DeployRun resumed = engine.orchestrator.reattach(running.id(), intent);

        assertThat(await(resumed.finished()).release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(engine.coordinator.holder(STAGING)).isEmpty();
        assertRefusedAsStale("v4");
    }

    /** v5's success still counts: an older version is refused. */
    private void assertRefusedAsStale(String version) {
        DeployRun older =
                engine.orchestrator.start(engine.push("staging", version).build());
        assertThatThrownBy(() -> await(older.started()))
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.STALE));
    }

    private ReleaseResult resultOf(DeployRun run) {
        return engine.ledger.byId(run.releaseId()).orElseThrow().result();
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(10, TimeUnit.SECONDS);
    }
}
