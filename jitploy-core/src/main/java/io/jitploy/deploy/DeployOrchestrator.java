package io.jitploy.deploy;

import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.Ticket;
import io.jitploy.deploy.DeployNotStartedException.Reason;
import io.jitploy.events.EventBus;
import io.jitploy.events.EventType;
import io.jitploy.health.HealthCheckSpec;
import io.jitploy.health.HealthResult;
import io.jitploy.health.HttpHealthCheck;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import io.jitploy.ledger.UnknownReleaseException;
import io.jitploy.promotion.PromotionService;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs deploys through the engine: the single code path behind the {@code jitployDeploy} and {@code promote}
 * steps, the UI's promote and rollback buttons, and the core's {@link #run(DeployIntent, Deployer)}.
 *
 * <p>{@link #start} records the release as queued in the ledger and queues it with the coordinator. When the slot is
 * granted: the GitHub gate runs (if the intent asks for it), the release is marked started, the GitHub deployment
 * goes {@code in_progress}, and {@link DeployRun#started()} completes with the {@code JITPLOY_*} variables. The caller
 * deploys and calls {@link DeployRun#complete}: the result is recorded, the health check runs, a failed check marks
 * the release failed and (with {@code auto_rollback}) starts a rollback to the last good release through this same
 * orchestrator, GitHub gets the final status, events go out, and the slot is released on every path.
 *
 * <p>The coordinator publishes QUEUED, STARTED (slot granted), SUPERSEDED and ABORTED for cancelled or refused
 * (stale, fail-fast) requests; this class publishes SUCCEEDED, FAILED, ABORTED (gate refused, deploy aborted, engine
 * error), PROMOTED and ROLLED_BACK.
 */
public final class DeployOrchestrator {
    static final String ENGINE = "jenkins";

    private final ReleaseLedger ledger;
    private final DeployCoordinator coordinator;
    private final Clock clock;
    private final RunRecords records;
    private final Executor worker;
    private final RunStart opening;
    private final RunCompletion completion;
    private final LiveRuns runs;
    private final OrphanedTickets orphans;

    private DeployOrchestrator(Builder builder) {
        this.ledger = builder.ledger;
        this.coordinator = builder.coordinator;
        this.clock = builder.clock;
        this.worker = builder.worker;
        this.runs = new LiveRuns(builder.ledger);
        this.records = new RunRecords(builder.ledger, builder.events, builder.clock, builder.onReportFailure);
        this.opening = new RunStart(
                builder.ledger,
                builder.coordinator,
                builder.gate,
                builder.tracker,
                records,
                builder.clock,
                builder.worker);
        this.completion = new RunCompletion(
                builder.ledger,
                builder.coordinator,
                builder.promotions,
                builder.tracker,
                builder.healthCheck,
                Optional.ofNullable(builder.rollbackLauncher),
                records,
                builder.clock,
                builder.onReportFailure);
        this.orphans = new OrphanedTickets(builder.ledger, builder.coordinator, records, runs, this::newRun);
    }

    private RunState newRun(DeployRunId id, DeployIntent intent) {
        return new RunState(
                id, intent, opening::status, (run, outcome) -> worker.execute(() -> completion.complete(run, outcome)));
    }

    /** Wires an orchestrator; the remaining collaborators have working defaults. */
    public static Builder builder(
            ReleaseLedger ledger, DeployCoordinator coordinator, PromotionService promotions, EventBus events) {
        return new Builder(ledger, coordinator, promotions, events);
    }

    /**
     * Records and queues a deploy; returns at once. Watch {@link DeployRun#started()} for the slot and call {@link
     * DeployRun#complete} when the deploy is done.
     *
     * @throws io.jitploy.access.AccessRefusedException when the intent's protection refuses its user or branch
     *     ({@link DeployIntent#access()}); nothing is recorded
     * @throws io.jitploy.access.ApprovalRequiredException when the intent lacks required approvals ({@link
     *     DeployIntent#approvalStatus()}); nothing is recorded, so start again once they are given
     */
    public DeployRun start(DeployIntent intent) {
        return queue(intent, null).handle;
    }

    /**
     * {@link #start}, with the way {@link #run} rolls back set before the run can finish: with an inline worker, a
     * refused deploy ends (and is forgotten) before this returns.
     */
    private RunState queue(
            DeployIntent intent, Function<DeployIntent, CompletableFuture<DeployReport>> rollbackRunner) {
        Objects.requireNonNull(intent, "intent");
        intent.checkProtection();
        Release release = ledger.record(ReleaseTicket.draft(intent));
        Ticket ticket;
        try {
            ticket = coordinator.enqueue(ReleaseTicket.request(intent, release.id()));
        } catch (RuntimeException e) {
            ledger.finish(release.id(), ReleaseResult.ABORTED, clock.instant(), null);
            throw e;
        }
        RunState run = newRun(new DeployRunId(release.id(), ticket.id()), intent);
        run.rollbackRunner = rollbackRunner;
        runs.claim(run); // a new release: nobody else can have claimed it
        opening.awaitSlot(run, false);
        return run;
    }

    /**
     * Finds a deploy again after a restart (of the controller or of this orchestrator). The caller passes the
     * intent it started with, rebuilt from its own saved state, because health check and GitHub settings are not
     * in the ledger. A queued deploy waits again; a running one gets its slot back and {@link DeployRun#started()}
     * completes at once; a finished one reports how it ended.
     *
     * @throws UnknownReleaseException if the ledger does not know the release
     */
    public DeployRun reattach(DeployRunId id, DeployIntent intent) {
        Optional<RunState> existing = runs.get(id.releaseId());
        if (existing.isPresent()) {
            return existing.get().handle;
        }
        Release release = ledger.byId(id.releaseId()).orElseThrow(() -> new UnknownReleaseException(id.releaseId()));
        return resume(release, id, intent);
    }

    /**
     * Like {@link #reattach(DeployRunId, DeployIntent)} with only the release id: the coordinator's ticket is found
     * by the release id it carries. A queued deploy whose ticket the coordinator no longer has (its state was lost)
     * is queued again; a running one whose slot is lost is recorded aborted, with a message saying to deploy again.
     *
     * @throws UnknownReleaseException if the ledger does not know the release
     */
    public DeployRun reattach(String releaseId, DeployIntent intent) {
        Optional<RunState> existing = runs.get(releaseId);
        if (existing.isPresent()) {
            return existing.get().handle;
        }
        Release release = ledger.byId(releaseId).orElseThrow(() -> new UnknownReleaseException(releaseId));
        Optional<String> ticket = ReleaseTicket.find(coordinator, release)
                .or(() -> release.result().isFinished() ? Optional.of("finished") : Optional.empty());
        if (ticket.isPresent()) {
            return resume(release, new DeployRunId(releaseId, ticket.get()), intent);
        }
        if (release.result() == ReleaseResult.QUEUED) {
            Ticket again = coordinator.enqueue(ReleaseTicket.request(intent, releaseId));
            DeployRun resumed = resume(release, new DeployRunId(releaseId, again.id()), intent);
            if (!resumed.id().ticketId().equals(again.id())) {
                coordinator.cancel(again.id(), ENGINE); // another caller (or abandonOrphans) claimed it first
            }
            return resumed;
        }
        RunState run = newRun(new DeployRunId(releaseId, "lost"), intent);
        RunState claimed = runs.claim(run);
        if (claimed != run) {
            return claimed.handle;
        }
        String message = "The deploy slot of release " + releaseId + " was lost in a restart (the coordinator state"
                + " was not restored), so the deploy may be incomplete. Deploy " + intent.version() + " again.";
        Release aborted = records.finishQuietly(run, ReleaseResult.ABORTED);
        records.publish(EventType.ABORTED, aborted, ENGINE, message);
        records.endWithoutStart(run, aborted, new DeployNotStartedException(Reason.ERROR, message, null));
        return run.handle;
    }

    /**
     * Records a promotion or rollback whose deploy never ran: the rebuild that was to carry it out was cancelled in
     * the build queue, vanished, or ended before its deploy step. Like a deploy that could not start, the attempt is
     * a release (the source release's version and commit, to {@code attempt}'s environment) finished ABORTED at
     * once, with {@code why} as its note, and ABORTED is announced: the environment's history shows the attempt and
     * why. Nothing is queued; aborted releases count neither as deployments nor as rollback targets.
     *
     * @throws UnknownReleaseException if the ledger does not know the source release
     */
    public Release recordRebuildNotRun(RebuildAttempt attempt, String why) {
        Objects.requireNonNull(attempt, "attempt");
        Objects.requireNonNull(why, "why");
        Release source = ledger.byId(attempt.sourceReleaseId())
                .orElseThrow(() -> new UnknownReleaseException(attempt.sourceReleaseId()));
        String user = attempt.user() == null ? ENGINE : attempt.user();
        ReleaseDraft.Builder draft = ReleaseDraft.builder(source.application(), attempt.environment(), source.version())
                .sha(source.sha())
                .ref(source.ref())
                .trigger(attempt.trigger())
                .user(user)
                .commitTime(source.commitTime())
                .note(why);
        if (attempt.trigger() == Trigger.PROMOTE) {
            draft.promotedFrom(source.id());
        } else {
            draft.rollbackOf(source.id());
        }
        Release recorded = ledger.record(draft.build());
        Release aborted = ledger.finish(recorded.id(), ReleaseResult.ABORTED, clock.instant(), null);
        records.publish(EventType.ABORTED, aborted, user, why);
        return aborted;
    }

    private DeployRun resume(Release release, DeployRunId id, DeployIntent intent) {
        if (!release.application().equals(intent.application())
                || !release.environment().equals(intent.environment())
                || !release.version().equals(intent.version())
                || !Objects.equals(release.sha(), intent.sha())) {
            throw new IllegalArgumentException("Release " + release.id() + " deploys " + release.version() + " to "
                    + release.application() + "/" + release.environment() + ", but the intent given to resume it is "
                    + intent.version() + " to " + intent.application() + "/" + intent.environment()
                    + ". Resume with the intent the deploy was started with.");
        }
        RunState run = newRun(id, intent);
        RunState claimed = runs.claim(run);
        if (claimed != run) {
            return claimed.handle;
        }
        // Read again now that the release is ours: a run that finished it may have been forgotten since it was read.
        Release current = ledger.byId(release.id()).orElse(release);
        switch (current.result()) {
            case QUEUED -> opening.awaitSlot(run, false);
            case RUNNING -> opening.awaitSlot(run, true);
            default -> {
                // Nothing will release a finished release's ticket if the controller stopped before its slot was.
                ReleaseTicket.settle(coordinator, current, id.ticketId(), ENGINE);
                run.phase = "finished: " + RunRecords.describe(current.result());
                run.done = true;
                run.handle
                        .startedFuture()
                        .completeExceptionally(new DeployNotStartedException(
                                Reason.ERROR,
                                "The deploy of release " + current.id() + " already finished as " + current.result()
                                        + (current.note() == null ? "." : ". " + current.note()),
                                null));
                run.handle.finishedFuture().complete(new DeployReport(current, run.phase, Optional.empty()));
            }
        }
        return run.handle;
    }

    /**
     * Abandons deploys that a controller restart left without an owner, so that they no longer hold or block their
     * environment. Only tickets the coordinator already had when this orchestrator was built (restored with {@link
     * DeployCoordinator#restore}) and that no {@link #reattach} has claimed are considered:
     *
     * <ul>
     *   <li>a queued or running release that {@code ownerGone} says nothing will ever re-attach is recorded {@link
     *       ReleaseResult#ABORTED} and its ticket cancelled; a later {@code reattach} reports that;
     *   <li>a release the ledger already finished (the controller stopped between recording the result and
     *       releasing the slot) only has its ticket freed; a success still counts against stale versions;
     *   <li>a ticket whose release the ledger does not know is cancelled: nothing could re-attach it.
     * </ul>
     *
     * <p>Tickets queued since this orchestrator was built are never touched, so a {@link #start} under way is safe.
     * Call it once the callers that resume deploys have had their chance, and again whenever an owner goes away.
     *
     * @param ownerGone whether nothing will ever re-attach the release (say, the build that started it ended or is
     *     gone); asked only about queued or running releases nobody claimed. When unsure, answer false.
     * @return the releases this call recorded aborted
     */
    public List<Release> abandonOrphans(Predicate<Release> ownerGone) {
        return orphans.abandon(Objects.requireNonNull(ownerGone, "ownerGone"));
    }

    /**
     * Deploys with a {@link Deployer} callback, end to end: start, deploy when the slot is granted, complete. An
     * automatic rollback after a failed health check uses the same deployer.
     *
     * @return the report; exceptionally with {@link DeployNotStartedException} if the deploy never ran
     */
    public CompletableFuture<DeployReport> run(DeployIntent intent, Deployer deployer) {
        DeployRun run = queue(intent, rollback -> run(rollback, deployer)).handle;
        return run.started()
                .thenCompose(start -> {
                    CompletableFuture<DeployOutcome> outcome;
                    try {
                        outcome = deployer.deploy(start);
                    } catch (RuntimeException e) {
                        outcome = CompletableFuture.failedFuture(e);
                    }
                    return outcome.handle((result, failure) -> failure == null
                            ? result
                            : DeployOutcome.failed("deploy crashed: " + RunRecords.rootMessage(failure)));
                })
                .thenCompose(run::complete);
    }

    /** How many runs the orchestrator still drives (finished ones are forgotten). */
    int liveRuns() {
        return runs.size();
    }

    /** Wiring for {@link DeployOrchestrator}. */
    public static final class Builder {
        private final ReleaseLedger ledger;
        private final DeployCoordinator coordinator;
        private final PromotionService promotions;
        private final EventBus events;
        private Clock clock = Clock.systemUTC();
        private Executor worker = Runnable::run;
        private CommitGate gate = CommitGate.OPEN;
        private DeploymentTracker tracker = DeploymentTracker.NONE;
        private Function<HealthCheckSpec, CompletableFuture<HealthResult>> healthCheck;
        private RollbackLauncher rollbackLauncher;
        private Consumer<Throwable> onReportFailure = failure -> {};

        private Builder(
                ReleaseLedger ledger, DeployCoordinator coordinator, PromotionService promotions, EventBus events) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
            this.promotions = Objects.requireNonNull(promotions, "promotions");
            this.events = Objects.requireNonNull(events, "events");
        }

        /**
         * Where the engine's own work runs once a slot is granted or a run is completed (ledger writes, gate and
         * health check set-up). Defaults to the thread that granted or completed; Jenkins passes a pool so that
         * nothing runs on the Pipeline's CPS thread.
         */
        public Builder worker(Executor value) {
            worker = Objects.requireNonNull(value, "worker");
            return this;
        }

        public Builder clock(Clock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Gates deploys whose intent has {@code requiredChecks}. */
        public Builder gate(CommitGate value) {
            gate = Objects.requireNonNull(value, "gate");
            return this;
        }

        /** Mirrors deploys as GitHub deployments; {@code onFailure} hears about reports that failed. */
        public Builder tracker(DeploymentTracker value, Consumer<Throwable> onFailure) {
            tracker = Objects.requireNonNull(value, "tracker");
            onReportFailure = Objects.requireNonNull(onFailure, "onFailure");
            return this;
        }

        /** Runs health checks; defaults to {@link HttpHealthCheck#create()}. */
        public Builder healthCheck(HttpHealthCheck value) {
            Objects.requireNonNull(value, "healthCheck");
            healthCheck = value::run;
            return this;
        }

        /** How {@link #start}-ed deploys roll back automatically ({@link #run} uses its own deployer). */
        public Builder rollbackLauncher(RollbackLauncher value) {
            rollbackLauncher = Objects.requireNonNull(value, "rollbackLauncher");
            return this;
        }

        public DeployOrchestrator build() {
            if (healthCheck == null) {
                healthCheck = HttpHealthCheck.create()::run;
            }
            return new DeployOrchestrator(this);
        }
    }
}
