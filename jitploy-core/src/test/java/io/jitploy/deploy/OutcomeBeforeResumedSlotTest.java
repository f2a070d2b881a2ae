package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.coordination.CoordinatorStateCodec;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.events.EventBus;
import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.promotion.PromotionService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy that was running before a restart gets its slot back on the engine's worker, and its outcome may be
 * reported first (the body ended while the controller was down, or the build was aborted). That outcome must be
 * recorded once the slot is back; it once left the release running, with its slot cancelled, and never finished.
 */
class OutcomeBeforeResumedSlotTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
    private static final EnvironmentKey STAGING = EnvironmentKey.of("shop", "staging");

    @TempDir
    Path dir;

    private final EventBus bus = new EventBus();
    /** The restarted engine's worker, run by hand so that the test decides which task goes first. */
    private final Deque<Runnable> worker = new ArrayDeque<>();

    private ReleaseLedger ledger;
    private DeployCoordinator coordinator;
    private DeployOrchestrator orchestrator;
    private DeployIntent intent;
    private DeployRunId running;

    @BeforeEach
    void aDeployIsRunningWhenTheControllerRestarts() {
        ledger = FileReleaseLedger.open(dir);
        DeployCoordinator before = new DeployCoordinator(CLOCK, (at, task) -> () -> {}, bus);
        intent = DeployIntent.builder("shop", "staging", "v1", "sha-v1").build();
        DeployRun run = orchestrator(ledger, before, Runnable::run).start(intent);
        assertThat(run.started()).isCompleted();
        running = run.id();

        CoordinatorStateCodec codec = new CoordinatorStateCodec();
        byte[] saved = codec.encode(before.snapshot());
        ledger.close();
        ledger = FileReleaseLedger.open(dir);
        coordinator = DeployCoordinator.restore(codec.decode(saved), CLOCK, (at, task) -> () -> {}, bus);
        orchestrator = orchestrator(ledger, coordinator, worker::add);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    @Test
    void anAbortReportedBeforeTheSlotIsBackIsRecordedAndFreesTheEnvironment() {
        DeployRun resumed = orchestrator.reattach(running, intent);
        resumed.abort("bob");

        runLastTaskFirst();

        assertThat(resumed.finished()).isCompleted();
        assertThat(resumed.finished().join().release().result()).isEqualTo(ReleaseResult.ABORTED);
        assertThat(ledger.byId(running.releaseId()).orElseThrow().result()).isEqualTo(ReleaseResult.ABORTED);
        assertThat(coordinator.holder(STAGING)).isEmpty();
    }

    @Test
    void aSuccessReportedBeforeTheSlotIsBackIsRecordedAsSuccess() {
        DeployRun resumed = orchestrator.reattach(running, intent);
        resumed.complete(DeployOutcome.succeeded());

        runLastTaskFirst();

        assertThat(resumed.finished()).isCompleted();
        assertThat(resumed.finished().join().release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(ledger.live("shop", "staging").orElseThrow().id()).isEqualTo(running.releaseId());
        assertThat(coordinator.holder(STAGING)).isEmpty();
    }

    /** The outcome's task (queued last) runs before the slot's; then everything else, in order. */
    private void runLastTaskFirst() {
        assertThat(worker).hasSize(2);
        worker.pollLast().run();
        while (!worker.isEmpty()) {
            worker.pollFirst().run();
        }
    }

    private static DeployOrchestrator orchestrator(
            ReleaseLedger ledger, DeployCoordinator coordinator, java.util.concurrent.Executor worker) {
        return DeployOrchestrator.builder(
                        ledger, coordinator, PromotionService.over(ledger).build(), new EventBus())
                .clock(CLOCK)
                .worker(worker)
                .build();
    }
}
