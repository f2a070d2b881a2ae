package io.jitploy.deploy;

import io.jitploy.config.DeployVariables;
import io.jitploy.coordination.DeployCancelledException;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.DeploySlot;
import io.jitploy.coordination.EnvironmentFrozenException;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.EnvironmentLockedException;
import io.jitploy.coordination.QueueEntry;
import io.jitploy.coordination.StaleVersionException;
import io.jitploy.coordination.SupersededException;
import io.jitploy.deploy.DeployNotStartedException.Reason;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The first half of a run: wait for the slot, run the GitHub gate, record the release as started and hand the
 * caller its {@code JITPLOY_*} variables through {@link DeployRun#started()}; or record why the deploy never started
 * and release the slot. {@link RunCompletion} takes over from {@link DeployRun#complete}.
 */
final class RunStart {
    private final ReleaseLedger ledger;
    private final DeployCoordinator coordinator;
    private final CommitGate gate;
    private final DeploymentTracker tracker;
    private final RunRecords records;
    private final Clock clock;
    private final Executor worker;

    RunStart(
            ReleaseLedger ledger,
            DeployCoordinator coordinator,
            CommitGate gate,
            DeploymentTracker tracker,
            RunRecords records,
            Clock clock,
            Executor worker) {
        this.ledger = ledger;
        this.coordinator = coordinator;
        this.gate = gate;
        this.tracker = tracker;
        this.records = records;
        this.clock = clock;
        this.worker = worker;
    }

    /** Waits for the run's slot; {@code alreadyRunning} when resuming a deploy that had started before a restart. */
    void awaitSlot(RunState run, boolean alreadyRunning) {
        run.resuming = alreadyRunning;
        CompletableFuture<DeploySlot> slot;
        try {
            slot = coordinator.awaitSlot(run.id.ticketId());
        } catch (RuntimeException e) {
            slot = CompletableFuture.failedFuture(e);
        }
        slot.whenCompleteAsync(
                (granted, failure) -> {
                    if (failure != null) {
                        notStarted(run, RunRecords.unwrap(failure));
                    } else if (alreadyRunning) {
                        resumeRunning(run, granted);
                    } else {
                        granted(run, granted);
                    }
                },
                worker);
    }

    private void notStarted(RunState run, Throwable cause) {
        Reason reason;
        ReleaseResult result;
        if (cause instanceof SupersededException) {
            reason = Reason.SUPERSEDED;
            result = ReleaseResult.SUPERSEDED;
        } else if (cause instanceof StaleVersionException) {
            reason = Reason.STALE;
            result = ReleaseResult.SUPERSEDED;
        } else if (cause instanceof DeployCancelledException) {
            reason = Reason.CANCELLED;
            result = ReleaseResult.ABORTED;
        } else if (cause instanceof EnvironmentLockedException || cause instanceof EnvironmentFrozenException) {
            reason = Reason.HELD;
            result = ReleaseResult.ABORTED;
        } else {
            reason = Reason.ERROR;
            result = ReleaseResult.ABORTED;
        }
        Release release = records.finishQuietly(run, result);
        // The coordinator announces supersede, cancel and its refusals (stale, fail-fast hold); only errors are ours.
        if (reason == Reason.ERROR) {
            records.publish(EventType.ABORTED, release, run.intent.user(), cause.getMessage());
        }
        records.endWithoutStart(run, release, new DeployNotStartedException(reason, cause.getMessage(), cause));
    }

    private void granted(RunState run, DeploySlot slot) {
        synchronized (run) {
            run.slot = slot;
            if (run.done) {
                // Aborted while the grant was on its way.
                slot.release();
                Release release = records.finishQuietly(run, ReleaseResult.ABORTED);
                records.endWithoutStart(
                        run,
                        release,
                        new DeployNotStartedException(
                                Reason.CANCELLED, "The deploy was aborted before it started.", null));
                return;
            }
            run.phase = "checking the commit's GitHub checks";
        }
        CompletableFuture<CommitGate.Verdict> verdict;
        if (run.intent.requiredChecks().isEmpty()) {
            verdict = CompletableFuture.completedFuture(null);
        } else {
            try {
                verdict = gate.check(run.intent);
            } catch (RuntimeException e) {
                verdict = CompletableFuture.failedFuture(e);
            }
        }
        verdict.whenComplete((answer, failure) -> {
            if (failure != null) {
                refuse(
                        run,
                        "Could not read the GitHub checks of " + run.intent.sha() + ": "
                                + RunRecords.rootMessage(failure)
                                + ". Fix the GitHub connection, or deploy with force to skip the checks.",
                        failure);
            } else if (answer != null && !answer.pass()) {
                refuse(run, answer.message() + " Fix the checks, or deploy with force to override them.", null);
            } else {
                begin(run, slot, Optional.ofNullable(answer));
            }
        });
    }

    private void refuse(RunState run, String message, Throwable cause) {
        run.slot.release();
        Release release = records.finishQuietly(run, ReleaseResult.ABORTED);
        records.publish(EventType.ABORTED, release, run.intent.user(), message);
        records.endWithoutStart(run, release, new DeployNotStartedException(Reason.CHECKS_FAILED, message, cause));
    }

    private void begin(RunState run, DeploySlot slot, Optional<CommitGate.Verdict> verdict) {
        try {
            CompletableFuture<Void> announced;
            synchronized (run) {
                if (run.done) {
                    granted(run, slot); // takes the aborted-before-start path
                    return;
                }
                run.previous = ledger.live(run.intent.application(), run.intent.environment());
                Release started = ledger.markStarted(run.id.releaseId(), clock.instant());
                run.begun = true;
                if (verdict.isPresent() && verdict.get().forced()) {
                    started = ledger.setNote(
                            started.id(),
                            "GitHub checks overridden: " + verdict.get().message());
                }
                run.phase = "deploying " + run.intent.version() + " since " + started.startedAt();
                Release recorded = started;
                announced = records.report(() -> tracker.started(recorded, run.intent));
            }
            DeployStart start = startOf(run, verdict.map(CommitGate.Verdict::message));
            // GitHub shows in_progress before the deploy body runs; a GitHub failure never holds the deploy back.
            announced.thenRun(() -> run.handle.startedFuture().complete(start));
        } catch (RuntimeException e) {
            slot.release();
            Release release = records.finishQuietly(run, ReleaseResult.FAILED);
            records.publish(
                    EventType.FAILED,
                    release,
                    DeployOrchestrator.ENGINE,
                    "could not start the deploy: " + e.getMessage());
            records.endWithoutStart(
                    run,
                    release,
                    new DeployNotStartedException(
                            Reason.ERROR, "Could not start the deploy: " + e.getMessage() + ".", e));
        }
    }

    private void resumeRunning(RunState run, DeploySlot slot) {
        DeployOutcome early;
        synchronized (run) {
            run.slot = slot;
            run.previous = ledger.live(run.intent.application(), run.intent.environment());
            run.phase = "deploying " + run.intent.version() + " (resumed)";
            run.begun = true;
            early = run.outcomeBeforeResume;
        }
        run.handle.startedFuture().complete(startOf(run, Optional.empty()));
        if (early != null) {
            // The deploy ended (or was aborted) while its slot was on its way back: record it now like any outcome.
            // RunCompletion accepts no other outcome while this one is pending, so the first reported still wins.
            run.handle.complete(early);
        }
    }

    private DeployStart startOf(RunState run, Optional<String> gateNote) {
        Optional<String> previousVersion = run.previous.map(Release::version);
        return new DeployStart(
                run.id.releaseId(), run.intent, variables(run.intent, previousVersion), previousVersion, gateNote);
    }

    /** What the run is doing; while it waits, its place in the queue and why it waits. */
    String status(RunState run) {
        if (!"queued".equals(run.phase)) {
            return run.phase;
        }
        EnvironmentKey key = EnvironmentKey.of(run.intent.application(), run.intent.environment());
        for (QueueEntry entry : coordinator.queue(key)) {
            if (entry.ticketId().equals(run.id.ticketId())) {
                return "queued for " + run.intent.environment() + " at position " + entry.position() + " since "
                        + entry.since() + (entry.waitingReason() == null ? "" : ": " + entry.waitingReason());
            }
        }
        return "queued for " + run.intent.environment();
    }

    /** The {@code JITPLOY_*} variables only: decrypted variables are bound by the caller, never held here. */
    private static Map<String, String> variables(DeployIntent intent, Optional<String> previousVersion) {
        DeployVariables.Builder variables = DeployVariables.builder()
                .application(intent.application())
                .environment(intent.environment())
                .version(intent.version())
                .sha(intent.sha())
                .previousVersion(previousVersion)
                .trigger(intent.trigger());
        if (intent.environmentUrl() != null) {
            variables.url(intent.environmentUrl());
        }
        return variables.build().asMap();
    }
}
