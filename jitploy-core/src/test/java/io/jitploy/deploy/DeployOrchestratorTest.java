package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import io.jitploy.promotion.PromotionPlan;
import io.jitploy.promotion.RollbackPlan;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeployOrchestratorTest {
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

    private DeployReport deploy(DeployIntent intent) throws Exception {
        return await(engine.orchestrator.run(intent, engine.deployer));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    @Test
    void deploysRecordsTheHealthCheckAndHandsTheDeployItsVariables() throws Exception {
        deploy(engine.push("staging", "v1").healthCheck(engine.health(false)).build());
        DeployReport report = deploy(engine.push("staging", "v2")
                .healthCheck(engine.health(false))
                .environmentUrl(java.net.URI.create("https://staging.example.com"))
                .build());

        Release release = report.release();
        assertThat(release.result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(release.health().healthy()).isTrue();
        assertThat(release.startedAt()).isNotNull();
        assertThat(engine.ledger.live(APP, "staging")).map(Release::id).contains(release.id());
        DeployStart start = engine.starts.get(1);
        assertThat(start.releaseId()).isEqualTo(release.id());
        assertThat(start.variables())
                .containsEntry("JITPLOY_ENV", "staging")
                .containsEntry("JITPLOY_VERSION", "v2")
                .containsEntry("JITPLOY_SHA", Engine.sha("v2"))
                .containsEntry("JITPLOY_PREVIOUS_VERSION", "v1")
                .containsEntry("JITPLOY_TRIGGER", "push")
                .containsEntry("JITPLOY_URL", "https://staging.example.com");
        assertThat(engine.eventTypes(EventType.QUEUED, EventType.STARTED, EventType.SUCCEEDED))
                .containsExactly(
                        EventType.QUEUED,
                        EventType.STARTED,
                        EventType.SUCCEEDED,
                        EventType.QUEUED,
                        EventType.STARTED,
                        EventType.SUCCEEDED);
        assertThat(engine.coordinator.holder(io.jitploy.coordination.EnvironmentKey.of(APP, "staging")))
                .isEmpty();
    }

    @Test
    void aFailedHealthCheckMarksTheReleaseFailedAndRollsBackToTheLastGoodRelease() throws Exception {
        deploy(engine.push("production", "v1").healthCheck(engine.health(true)).build());
        Release good = deploy(engine.push("production", "v2")
                        .healthCheck(engine.health(true))
                        .build())
                .release();
        engine.unhealthyVersions.add("v3");

        DeployReport failed = deploy(
                engine.push("production", "v3").healthCheck(engine.health(true)).build());

        assertThat(failed.release().result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(failed.release().health().healthy()).isFalse();
        assertThat(failed.release().health().lastStatus()).isEqualTo(503);
        assertThat(failed.detail()).contains("Health check failed").contains("Rolling back to v2");
        DeployReport rollback = await(failed.autoRollback().orElseThrow());
        Release restored = rollback.release();
        assertThat(restored.result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(restored.trigger()).isEqualTo(Trigger.ROLLBACK);
        assertThat(restored.version()).isEqualTo("v2");
        assertThat(restored.sha()).isEqualTo(good.sha());
        assertThat(restored.rollbackOf()).isEqualTo(good.id());
        assertThat(restored.health().healthy()).isTrue();
        assertThat(engine.running.get()).isEqualTo("v2");
        assertThat(engine.ledger.live(APP, "production")).map(Release::id).contains(restored.id());
        assertThat(engine.starts.get(3).variables())
                .containsEntry("JITPLOY_TRIGGER", "rollback")
                .containsEntry("JITPLOY_VERSION", "v2");
        assertThat(engine.eventTypes(EventType.FAILED, EventType.ROLLED_BACK))
                .containsExactly(EventType.FAILED, EventType.ROLLED_BACK);
    }

    @Test
    void aRollbackWhoseHealthCheckFailsDoesNotRollBackAgain() throws Exception {
        deploy(engine.push("production", "v1").healthCheck(engine.health(true)).build());
        deploy(engine.push("production", "v2").healthCheck(engine.health(true)).build());
        engine.unhealthyVersions.add("v1");
        engine.unhealthyVersions.add("v2");
        engine.unhealthyVersions.add("v3");

        DeployReport failed = deploy(
                engine.push("production", "v3").healthCheck(engine.health(true)).build());
        DeployReport rollback = await(failed.autoRollback().orElseThrow());

        assertThat(rollback.release().result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(rollback.autoRollback()).isEmpty();
        assertThat(engine.starts).hasSize(4);
    }

    @Test
    void withoutAutoRollbackAFailedHealthCheckOnlyFailsTheRelease() throws Exception {
        deploy(engine.push("production", "v1").healthCheck(engine.health(false)).build());
        engine.unhealthyVersions.add("v2");

        DeployReport failed = deploy(engine.push("production", "v2")
                .healthCheck(engine.health(false))
                .build());

        assertThat(failed.release().result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(failed.autoRollback()).isEmpty();
        assertThat(engine.starts).hasSize(2);
    }

    @Test
    void theBlockStepPathQueuesASecondDeployUntilTheFirstCompletesAndReleasesTheSlotOnFailure() throws Exception {
        DeployRun first = engine.orchestrator.start(engine.push("staging", "v1").build());
        DeployStart firstStart = await(first.started());
        DeployRun second =
                engine.orchestrator.start(engine.push("staging", "v2").build());

        assertThat(firstStart.previousVersion()).isEmpty();
        assertThat(second.started()).isNotDone();
        assertThat(second.status()).contains("queued for staging at position 1").contains(": waiting for the slot");
        assertThat(engine.ledger.byId(second.releaseId()).orElseThrow().result())
                .isEqualTo(ReleaseResult.QUEUED);

        await(first.complete(DeployOutcome.succeeded()));
        DeployStart secondStart = await(second.started());
        assertThat(secondStart.previousVersion()).contains("v1");
        assertThat(second.status()).startsWith("deploying v2");

        DeployReport failed = await(second.complete(DeployOutcome.failed("deploy.sh exited with 3")));
        assertThat(failed.release().result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(engine.events)
                .filteredOn(e -> e.type() == EventType.FAILED)
                .extracting(DeployEvent::detail)
                .containsExactly("deploy.sh exited with 3");
        assertThat(second.complete(DeployOutcome.succeeded()).get().release().result())
                .as("only the first completion counts")
                .isEqualTo(ReleaseResult.FAILED);

        DeployRun third = engine.orchestrator.start(engine.push("staging", "v3").build());
        assertThat(await(third.started()).previousVersion())
                .as("the failed v2 never became live")
                .contains("v1");
    }

    @Test
    void abortingAQueuedDeployRecordsItAbortedAndLetsTheQueueMoveOn() throws Exception {
        DeployRun first = engine.orchestrator.start(engine.push("staging", "v1").build());
        DeployRun second =
                engine.orchestrator.start(engine.push("staging", "v2").build());
        DeployRun third = engine.orchestrator.start(engine.push("staging", "v3").build());
        await(first.started());

        DeployReport aborted = await(second.abort("bob"));

        assertThat(aborted.release().result()).isEqualTo(ReleaseResult.ABORTED);
        assertThatThrownBy(() -> second.started().get())
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.CANCELLED));
        await(first.complete(DeployOutcome.succeeded()));
        assertThat(await(third.started()).intent().version()).isEqualTo("v3");
    }

    @Test
    void aStalePushIsRefusedWhileAnExplicitRollbackToTheOlderVersionIsAllowed() throws Exception {
        deploy(engine.push("production", "v1").build());
        deploy(engine.push("production", "v2").build());

        CompletableFuture<DeployReport> stale =
                engine.orchestrator.run(engine.push("production", "v1").build(), engine.deployer);

        assertThatThrownBy(() -> await(stale))
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.STALE))
                .hasMessageContaining("already succeeded");
        assertThat(engine.running.get()).isEqualTo("v2");
        assertThat(engine.ledger.history(APP, "production", 0, 1).items().get(0).result())
                .isEqualTo(ReleaseResult.SUPERSEDED);
        assertThat(engine.eventTypes(EventType.ABORTED)).as("announced once").hasSize(1);

        RollbackPlan plan = engine.promotions.planRollback(APP, "production", Optional.empty(), false, "bob");
        DeployReport rollback = deploy(DeployIntent.forRollback(plan).build());

        assertThat(rollback.release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(rollback.release().version()).isEqualTo("v1");
        assertThat(rollback.release().user()).isEqualTo("bob");
        assertThat(engine.running.get()).isEqualTo("v1");
        assertThat(engine.events)
                .filteredOn(e -> e.type() == EventType.ROLLED_BACK)
                .singleElement()
                .satisfies(e ->
                        assertThat(e.attribute("target")).contains(plan.target().id()));
    }

    @Test
    void aPromotionDeploysTheCandidatesExactCommitAndIsAnnounced() throws Exception {
        Release staging = deploy(engine.push("staging", "v7").build()).release();
        PromotionPlan plan = engine.promotions.planPromotion(APP, "staging", "production", "carol");

        DeployReport promoted = deploy(
                DeployIntent.forPromotion(plan).healthCheck(engine.health(true)).build());

        Release release = promoted.release();
        assertThat(release.environment()).isEqualTo("production");
        assertThat(release.sha()).isEqualTo(staging.sha());
        assertThat(release.trigger()).isEqualTo(Trigger.PROMOTE);
        assertThat(release.promotedFrom()).isEqualTo(staging.id());
        assertThat(release.user()).isEqualTo("carol");
        assertThat(engine.events)
                .filteredOn(e -> e.type() == EventType.PROMOTED)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.environment()).isEqualTo("production");
                    assertThat(e.attribute("from")).contains("staging");
                    assertThat(e.actor()).isEqualTo("carol");
                });
    }

    @Test
    void runsAreReattachedByIdAfterARestart() throws Exception {
        DeployIntent firstIntent = engine.push("staging", "v1").build();
        DeployIntent secondIntent = engine.push("staging", "v2").build();
        DeployRun first = engine.orchestrator.start(firstIntent);
        await(first.started());
        DeployRun second = engine.orchestrator.start(secondIntent);
        String firstId = first.id().toString();
        String secondId = second.id().toString();
        assertThat(DeployRunId.parse(secondId)).isEqualTo(second.id());
        for (String notAnId : java.util.List.of("r1", "@t1", "r1@", "@")) {
            assertThatThrownBy(() -> DeployRunId.parse(notAnId))
                    .as(notAnId)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Not a deploy run id: '" + notAnId + "'");
        }

        engine.restart();

        assertThatThrownBy(() -> engine.orchestrator.reattach(first.id(), secondIntent))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Resume with the intent the deploy was started with");
        DeployRun firstAgain = engine.orchestrator.reattach(DeployRunId.parse(firstId), firstIntent);
        DeployRun secondAgain =
                engine.orchestrator.reattach(DeployRunId.parse(secondId).releaseId(), secondIntent);
        assertThat(await(firstAgain.started()).releaseId()).isEqualTo(first.releaseId());
        assertThat(secondAgain.started()).isNotDone();

        await(firstAgain.complete(DeployOutcome.succeeded()));
        assertThat(await(secondAgain.started()).previousVersion()).contains("v1");
        await(secondAgain.complete(DeployOutcome.succeeded()));

        DeployRun finished = engine.orchestrator.reattach(first.id(), firstIntent);
        assertThat(await(finished.finished()).release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(engine.ledger.live(APP, "staging")).map(Release::version).contains("v2");
    }

    @Test
    void redCommitChecksAbortTheDeployBeforeItStartsUnlessForced() throws Exception {
        CommitGate gate = intent -> CompletableFuture.completedFuture(
                intent.forceChecksReason().isPresent()
                        ? new CommitGate.Verdict(true, true, "ci/test failed; forced by alice: hotfix")
                        : new CommitGate.Verdict(false, false, "ci/test failed."));
        DeployOrchestrator gated = DeployOrchestrator.builder(
                        engine.ledger, engine.coordinator, engine.promotions, engine.bus)
                .clock(engine.clock)
                .gate(gate)
                .build();

        CompletableFuture<DeployReport> refused = gated.run(
                engine.push("production", "v1")
                        .requiredChecks(java.util.List.of("ci/test"))
                        .build(),
                engine.deployer);
        assertThatThrownBy(() -> await(refused))
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.CHECKS_FAILED))
                .hasMessageContaining("ci/test failed. Fix the checks");
        assertThat(engine.starts).isEmpty();

        DeployReport forced = await(gated.run(
                engine.push("production", "v1")
                        .requiredChecks(java.util.List.of("ci/test"))
                        .forceChecks("hotfix")
                        .build(),
                engine.deployer));
        assertThat(forced.release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(forced.release().note()).contains("GitHub checks overridden").contains("forced by alice");
        assertThat(engine.ledger.history(APP, "production", 0, 5).items())
                .extracting(Release::result)
                .containsExactly(ReleaseResult.SUCCEEDED, ReleaseResult.ABORTED);
    }

    @Test
    void aQueuedDeployIsQueuedAgainWhenTheCoordinatorStateWasLostAndALostSlotIsRecordedAborted() throws Exception {
        DeployIntent firstIntent = engine.push("staging", "v1").build();
        DeployIntent secondIntent = engine.push("staging", "v2").build();
        DeployRun first = engine.orchestrator.start(firstIntent);
        await(first.started());
        DeployRun second = engine.orchestrator.start(secondIntent);

        engine.restartLosingCoordinatorState();

        DeployRun firstAgain = engine.orchestrator.reattach(first.releaseId(), firstIntent);
        assertThatThrownBy(() -> await(firstAgain.started()))
                .cause()
                .isInstanceOf(DeployNotStartedException.class)
                .hasMessageContaining("was lost in a restart");
        assertThat(await(firstAgain.finished()).release().result()).isEqualTo(ReleaseResult.ABORTED);
        DeployRun secondAgain = engine.orchestrator.reattach(second.releaseId(), secondIntent);
        assertThat(await(secondAgain.started()).releaseId()).isEqualTo(second.releaseId());
        assertThat(await(secondAgain.complete(DeployOutcome.succeeded()))
                        .release()
                        .result())
                .isEqualTo(ReleaseResult.SUCCEEDED);
    }

    @Test
    void aSupersededWaitingDeployIsRecordedSupersededAndAFailFastDeployIntoALockIsAborted() throws Exception {
        DeployRun first = engine.orchestrator.start(engine.push("staging", "v1").build());
        DeployRun older = engine.orchestrator.start(engine.push("staging", "v2").build());
        DeployRun newer = engine.orchestrator.start(
                engine.push("staging", "v3").supersede(true).build());
        await(first.started());

        assertThat(await(older.finished()).release().result()).isEqualTo(ReleaseResult.SUPERSEDED);
        assertThatThrownBy(() -> older.started().get())
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.SUPERSEDED));
        await(first.complete(DeployOutcome.succeeded()));
        await(newer.complete(DeployOutcome.succeeded()));

        engine.coordinator.lock(
                io.jitploy.coordination.EnvironmentKey.of(APP, "staging"), "load test", "erin", Optional.empty());
        DeployRun held = engine.orchestrator.start(
                engine.push("staging", "v4").failFast(true).build());

        assertThat(await(held.finished()).release().result()).isEqualTo(ReleaseResult.ABORTED);
        assertThatThrownBy(() -> held.started().get())
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.HELD))
                .hasMessageContaining("erin");
    }

    @Test
    void anAutomaticRollbackThatWouldCrossAnIrreversibleReleaseIsRefusedAndSaysSo() throws Exception {
        deploy(engine.push("production", "v1").healthCheck(engine.health(true)).build());
        engine.unhealthyVersions.add("v2");
        DeployRun migration = engine.orchestrator.start(
                engine.push("production", "v2").healthCheck(engine.health(true)).build());
        await(migration.started());
        engine.ledger.markIrreversible(migration.releaseId(), "alice");
        engine.running.set("v2"); // what the Pipeline body deployed

        DeployReport failed = await(migration.complete(DeployOutcome.succeeded()));

        assertThat(failed.release().result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(failed.autoRollback()).isEmpty();
        assertThat(failed.detail()).contains("Automatic rollback refused").contains("irreversible");
        assertThat(engine.events)
                .as("the refusal is announced, not only written into the report")
                .filteredOn(e -> e.type() == EventType.FAILED
                        && e.detail() != null
                        && e.detail().startsWith("automatic rollback refused: "))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.releaseId()).isEqualTo(migration.releaseId());
                    assertThat(e.detail()).contains("irreversible");
                });
    }
}
