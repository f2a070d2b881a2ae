package io.jitploy.deploy;

import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.events.EventType;
import io.jitploy.health.HealthCheckSpec;
import io.jitploy.health.HealthResult;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import io.jitploy.promotion.PromotionService;
import io.jitploy.promotion.RollbackPlan;
import io.jitploy.promotion.RollbackRefusedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The second half of a run: record the deploy's outcome, run the health check, roll back automatically when it
 * fails, report, announce, and release the slot on every path.
 */
final class RunCompletion {
    private static final String ENGINE = DeployOrchestrator.ENGINE;

    private final ReleaseLedger ledger;
    private final DeployCoordinator coordinator;
    private final PromotionService promotions;
    private final DeploymentTracker tracker;
    private final Function<HealthCheckSpec, CompletableFuture<HealthResult>> healthCheck;
    private final Optional<RollbackLauncher> rollbackLauncher;
    private final RunRecords records;
    private final Clock clock;
    private final Consumer<Throwable> onReportFailure;

    RunCompletion(
            ReleaseLedger ledger,
            DeployCoordinator coordinator,
            PromotionService promotions,
            DeploymentTracker tracker,
            Function<HealthCheckSpec, CompletableFuture<HealthResult>> healthCheck,
            Optional<RollbackLauncher> rollbackLauncher,
            RunRecords records,
            Clock clock,
            Consumer<Throwable> onReportFailure) {
        this.ledger = ledger;
        this.coordinator = coordinator;
        this.promotions = promotions;
        this.tracker = tracker;
        this.healthCheck = healthCheck;
        this.rollbackLauncher = rollbackLauncher;
        this.records = records;
        this.clock = clock;
        this.onReportFailure = onReportFailure;
    }

    void complete(RunState run, DeployOutcome outcome) {
        boolean startedNormally;
        synchronized (run) {
            DeployOutcome pending = run.outcomeBeforeResume;
            if (run.done || (pending != null && pending != outcome)) {
                return; // only the first outcome counts
            }
            if (run.resuming && !run.begun) {
                // It ran before the restart, so its outcome counts; cancelling the ticket, as for a queued run,
                // would leave the release running forever. RunStart.resumeRunning hands it back once the slot is.
                run.outcomeBeforeResume = outcome;
                return;
            }
            run.done = true;
            // Not the started future: it completes only after GitHub heard of the start, and an outcome reported
            // in that window must still be recorded, or the run would hold its slot forever.
            startedNormally = run.begun;
        }
        if (!startedNormally) {
            if (!run.handle.startedFuture().isDone()) {
                // Still queued: cancelling makes the coordinator fail the wait, which records the release as
                // aborted. If the slot is being granted right now, granted() sees run.done and aborts instead.
                try {
                    coordinator.cancel(run.id.ticketId(), run.intent.user());
                } catch (RuntimeException e) {
                    onReportFailure.accept(e);
                }
            }
            return;
        }
        try {
            if (outcome.result() != ReleaseResult.SUCCEEDED) {
                failed(run, outcome.result(), null, outcome.detail()).thenAccept(release -> run.handle
                        .finishedFuture()
                        .complete(new DeployReport(release, outcome.detail(), Optional.empty())));
                return;
            }
            Optional<HealthCheckSpec> spec = run.intent.healthCheck();
            if (spec.isEmpty()) {
                succeeded(run, null);
                return;
            }
            run.phase = "checking health at " + spec.get().url();
            CompletableFuture<HealthResult> check;
            try {
                check = healthCheck.apply(spec.get());
            } catch (RuntimeException e) {
                check = CompletableFuture.failedFuture(e);
            }
            check.handle((result, failure) -> failure == null
                            ? result
                            : new HealthResult(
                                    false,
                                    0,
                                    -1,
                                    "health check could not run: " + RunRecords.rootMessage(failure),
                                    Duration.ZERO))
                    .thenAccept(result -> {
                        if (result.healthy()) {
                            succeeded(run, result);
                        } else {
                            unhealthy(run, result, spec.get());
                        }
                    })
                    .exceptionally(e -> {
                        crashed(run, e);
                        return null;
                    });
        } catch (RuntimeException e) {
            crashed(run, e);
        }
    }

    private void succeeded(RunState run, HealthResult health) {
        Release release;
        try {
            release = ledger.finish(run.id.releaseId(), ReleaseResult.SUCCEEDED, clock.instant(), health);
        } finally {
            // Atomically with the release, so an older waiting version cannot slip in as if it were newer.
            run.slot.releaseSucceeded();
        }
        run.phase = "succeeded";
        CompletableFuture<Void> reported = records.report(() -> tracker.succeeded(release, run.intent, run.previous));
        records.publish(EventType.SUCCEEDED, release, run.intent.user(), "deployed " + release.version());
        if (release.trigger() == Trigger.PROMOTE) {
            String from = ledger.byId(run.intent.promotedFrom())
                    .map(Release::environment)
                    .orElse(null);
            records.publish(
                    records.event(EventType.PROMOTED, release, run.intent.user(), "promoted " + release.version())
                            .attribute("fromRelease", run.intent.promotedFrom())
                            .attribute("from", from)
                            .build());
        } else if (release.trigger() == Trigger.ROLLBACK) {
            records.publish(records.event(
                            EventType.ROLLED_BACK, release, run.intent.user(), "rolled back to " + release.version())
                    .attribute("target", run.intent.rollbackOf())
                    .attribute("replaced", run.previous.map(Release::id).orElse(null))
                    .build());
        }
        DeployReport report = new DeployReport(release, "Deployed " + release.version() + ".", Optional.empty());
        reported.thenRun(() -> run.handle.finishedFuture().complete(report));
    }

    private void unhealthy(RunState run, HealthResult health, HealthCheckSpec spec) {
        String reason = "Health check failed: " + health.reason() + ".";
        failed(run, ReleaseResult.FAILED, health, reason)
                .thenAccept(release -> rollBackAfter(run, release, spec, reason))
                .exceptionally(e -> {
                    crashed(run, e);
                    return null;
                });
    }

    private void rollBackAfter(RunState run, Release release, HealthCheckSpec spec, String reason) {
        String detail = reason;
        Optional<CompletableFuture<DeployReport>> rollback = Optional.empty();
        if (spec.autoRollback() && run.intent.trigger() != Trigger.ROLLBACK) {
            // A rollback whose own health check fails never rolls back again: that would loop.
            try {
                RollbackPlan plan = promotions.planRollbackFrom(
                        release.application(), release.environment(), release.id(), false, ENGINE);
                DeployIntent intent = DeployIntent.forRollback(plan)
                        .user(ENGINE)
                        .healthCheck(withoutAutoRollback(spec))
                        .environmentUrl(run.intent.environmentUrl())
                        .build();
                Function<DeployIntent, CompletableFuture<DeployReport>> runner = run.rollbackRunner != null
                        ? run.rollbackRunner
                        : rollbackLauncher
                                .<Function<DeployIntent, CompletableFuture<DeployReport>>>map(
                                        launcher -> launcher::launch)
                                .orElse(null);
                if (runner == null) {
                    detail += " Automatic rollback is configured but no rollback launcher is wired; roll back by hand.";
                } else {
                    rollback = Optional.of(runner.apply(intent));
                    detail += " Rolling back to " + plan.target().version() + " (release "
                            + plan.target().id() + ").";
                }
            } catch (RollbackRefusedException e) {
                detail += " Automatic rollback refused: " + e.getMessage();
                records.publish(EventType.FAILED, release, ENGINE, "automatic rollback refused: " + e.getMessage());
            }
        }
        run.handle.finishedFuture().complete(new DeployReport(release, detail, rollback));
    }

    /**
     * Records a failed or aborted deploy, releases the slot and reports it; the future completes with the recorded
     * release once reported. The caller completes the run.
     */
    private CompletableFuture<Release> failed(RunState run, ReleaseResult result, HealthResult health, String detail) {
        Release release;
        try {
            release = ledger.finish(run.id.releaseId(), result, clock.instant(), health);
        } finally {
            run.slot.release();
        }
        run.phase = RunRecords.describe(result) + ": " + detail;
        CompletableFuture<Void> reported = records.report(() -> tracker.failed(release, detail));
        records.publish(
                result == ReleaseResult.ABORTED ? EventType.ABORTED : EventType.FAILED,
                release,
                run.intent.user(),
                detail);
        return reported.thenApply(done -> release);
    }

    private void crashed(RunState run, Throwable failure) {
        if (run.slot != null) {
            run.slot.release();
        }
        records.finishQuietly(run, ReleaseResult.FAILED);
        run.handle.finishedFuture().completeExceptionally(failure);
    }

    private static HealthCheckSpec withoutAutoRollback(HealthCheckSpec spec) {
        return new HealthCheckSpec(
                spec.url(),
                spec.expectedStatus(),
                spec.bodyPattern(),
                spec.retries(),
                spec.backoff(),
                spec.timeout(),
                false);
    }
}
