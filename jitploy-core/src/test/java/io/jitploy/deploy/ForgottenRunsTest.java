package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.events.EventType;
import io.jitploy.ledger.ReleaseResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller runs for months: the orchestrator forgets a run once it finished, and whatever still refers to it
 * (the caller's handle, a late reattach) behaves as before, answered from the ledger when needed.
 */
class ForgottenRunsTest {
    private static final EnvironmentKey STAGING = EnvironmentKey.of(APP, "staging");

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
    void deploysOfEveryOutcomeLeaveNoRunBehind() throws Exception {
        int version = 0;
        for (int round = 0; round < 40; round++) {
            assertThat(await(engine.orchestrator.run(push(++version), engine.deployer))
                            .release()
                            .result())
                    .isEqualTo(ReleaseResult.SUCCEEDED);

            DeployRun failing = engine.orchestrator.start(push(++version));
            await(failing.started());
            DeployRun abandoned = engine.orchestrator.start(push(++version));
            assertThat(await(abandoned.abort("bob")).release().result()).isEqualTo(ReleaseResult.ABORTED);
            assertThat(await(failing.complete(DeployOutcome.failed("migration failed")))
                            .release()
                            .result())
                    .isEqualTo(ReleaseResult.FAILED);

            DeployRun stale = engine.orchestrator.start(push(0)); // committed before v1, which succeeded
            assertThatThrownBy(() -> await(stale.started())).hasCauseInstanceOf(DeployNotStartedException.class);
        }

        awaitForgotten();
        assertThat(engine.coordinator.holder(STAGING)).isEmpty();
    }

    @Test
    void lateCompleteAndAbortOnAForgottenRunChangeNothing() throws Exception {
        DeployRun run = engine.orchestrator.start(push(1));
        await(run.started());
        DeployReport report = await(run.complete(DeployOutcome.succeeded()));
        awaitForgotten();

        assertThat(await(run.complete(DeployOutcome.failed("late")))).isSameAs(report);
        assertThat(await(run.abort("bob"))).isSameAs(report);

        assertThat(run.status()).isEqualTo("succeeded");
        assertThat(engine.ledger.byId(run.releaseId()).orElseThrow().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(engine.eventTypes(EventType.FAILED, EventType.ABORTED)).isEmpty();
    }

    @Test
    void reattachingAForgottenRunAnswersFromTheLedger() throws Exception {
        DeployIntent intent = push(1);
        DeployRun run = engine.orchestrator.start(intent);
        await(run.started());
        await(run.complete(DeployOutcome.succeeded()));
        DeployRun waiting = engine.orchestrator.start(push(2));
        DeployRun queued = engine.orchestrator.start(push(3));
        await(queued.abort("bob"));
        awaitForgotten(1);

        for (DeployRun again : new DeployRun[] {
            engine.orchestrator.reattach(run.id(), intent), engine.orchestrator.reattach(run.releaseId(), intent)
        }) {
            assertThat(await(again.finished()).release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
            assertThatThrownBy(() -> await(again.started()))
                    .cause()
                    .isInstanceOf(DeployNotStartedException.class)
                    .hasMessageContaining("already finished as SUCCEEDED");
            assertThat(await(again.complete(DeployOutcome.failed("late")))
                            .release()
                            .result())
                    .isEqualTo(ReleaseResult.SUCCEEDED);
        }
        DeployRun abortedAgain = engine.orchestrator.reattach(queued.id(), queued.intent());
        assertThat(await(abortedAgain.finished()).release().result()).isEqualTo(ReleaseResult.ABORTED);

        assertThat(await(waiting.started()).releaseId())
                .as("the reattached runs disturbed no one")
                .isEqualTo(waiting.releaseId());
        assertThat(await(waiting.complete(DeployOutcome.succeeded())).release().result())
                .isEqualTo(ReleaseResult.SUCCEEDED);
        awaitForgotten();
        assertThat(engine.eventTypes(EventType.FAILED)).isEmpty();
    }

    /** With the default inline worker, a refused deploy ends and is forgotten before {@code start} returns. */
    @Test
    void runReportsADeployRefusedBeforeStartReturned() throws Exception {
        DeployOrchestrator inline = DeployOrchestrator.builder(
                        engine.ledger, engine.coordinator, engine.promotions, engine.bus)
                .clock(engine.clock)
                .build();
        await(inline.run(push(2), engine.deployer));

        CompletableFuture<DeployReport> stale = inline.run(push(1), engine.deployer);

        assertThatThrownBy(() -> await(stale))
                .cause()
                .isInstanceOfSatisfying(DeployNotStartedException.class, e -> assertThat(e.reason())
                        .isEqualTo(DeployNotStartedException.Reason.STALE));
        assertThat(inline.liveRuns()).isZero();
    }

    private DeployIntent push(int version) {
        return engine.push("staging", "v" + version).build();
    }

    private void awaitForgotten() throws InterruptedException {
        awaitForgotten(0);
    }

    /** The run is forgotten right after its {@code finished()} completes, on the thread that completed it. */
    private void awaitForgotten(int stillLive) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (engine.orchestrator.liveRuns() != stillLive && Instant.now().isBefore(deadline)) {
            Thread.sleep(5);
        }
        assertThat(engine.orchestrator.liveRuns()).as("runs still known").isEqualTo(stillLive);
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }
}
