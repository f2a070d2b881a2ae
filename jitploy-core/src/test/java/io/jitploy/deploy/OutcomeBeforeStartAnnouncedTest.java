package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.events.EventBus;
import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.promotion.PromotionService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outcome reported after the release was recorded as started but before the start was announced (GitHub's
 * in_progress still in flight) must be recorded and must free the slot; it once left the run holding it forever.
 */
class OutcomeBeforeStartAnnouncedTest {
    @TempDir
    Path dir;

    @Test
    void anOutcomeInTheAnnouncementWindowIsRecordedAndFreesTheSlot() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);
        EventBus bus = new EventBus();
        CompletableFuture<Void> announcement = new CompletableFuture<>();
        DeploymentTracker slowGitHub = new DeploymentTracker() {
            @Override
            public CompletableFuture<Void> started(Release release, DeployIntent intent) {
                return announcement;
            }
        };
        try (ReleaseLedger ledger = FileReleaseLedger.open(dir)) {
            DeployCoordinator coordinator = new DeployCoordinator(clock, (at, task) -> () -> {}, bus);
            DeployOrchestrator orchestrator = DeployOrchestrator.builder(
                            ledger, coordinator, PromotionService.over(ledger).build(), bus)
                    .clock(clock)
                    .tracker(slowGitHub, failure -> {})
                    .build();

            DeployRun first = orchestrator.start(intent("v1"));
            awaitRunning(ledger, first.releaseId());
            assertThat(first.started()).isNotDone();

            DeployReport report = first.complete(DeployOutcome.succeeded()).get(10, TimeUnit.SECONDS);
            assertThat(report.release().result()).isEqualTo(ReleaseResult.SUCCEEDED);

            DeployRun second = orchestrator.start(intent("v2"));
            awaitRunning(ledger, second.releaseId());
            announcement.complete(null);
            second.started().get(10, TimeUnit.SECONDS);
            assertThat(second.complete(DeployOutcome.succeeded())
                            .get(10, TimeUnit.SECONDS)
                            .release()
                            .result())
                    .isEqualTo(ReleaseResult.SUCCEEDED);
        }
    }

    private static DeployIntent intent(String version) {
        return DeployIntent.builder("shop", "staging", version, "sha-" + version)
                .build();
    }

    /** The orchestrator records the start on its own thread; poll the ledger (bounded) until it has. */
    private static void awaitRunning(ReleaseLedger ledger, String releaseId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ledger.byId(releaseId).orElseThrow().result() != ReleaseResult.RUNNING) {
            assertThat(System.nanoTime())
                    .as("release %s never started", releaseId)
                    .isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
