package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Computer;
import hudson.model.Job;
import hudson.model.PeriodicWork;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import hudson.model.queue.QueueListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.PinnedRebuild;
import io.jenkins.plugins.jitploy.releases.RebuildsNotRun;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jenkins.plugins.jitploy.releases.ReleaseRequests;
import io.jitploy.deploy.RebuildAttempt;
import io.jitploy.deploy.RebuildWatch;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step that asks for a pinned rebuild (promotion or rollback) and waits for its deploy. Durable: it persists the
 * request id, the queue item id and, once seen, the build number; no thread waits. {@link Finished} wakes it when the
 * rebuild ends, {@link Cancelled} when the rebuild is cancelled in the queue (by someone, or because its job was
 * disabled or deleted), and {@link Watchdog} looks regularly, and after a restart, for a rebuild that ended unseen or
 * vanished: only at the steps of this controller that wait ({@link #WAITING}), never at every Pipeline. What to
 * conclude is the engine's {@link RebuildWatch}.
 */
abstract class RebuildExecution extends GeneralNonBlockingStepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(RebuildExecution.class.getName());

    /**
     * The steps that wait for their rebuild: added once the rebuild is scheduled and again when the step resumes after
     * a restart, removed when the step concludes or is stopped (or, should its build end otherwise, by the next look).
     */
    private static final Set<RebuildExecution> WAITING = ConcurrentHashMap.newKeySet();

    private final boolean wait;
    private final String requestedApplication;
    private String requestId;
    private String jobFullName;
    /** The rebuild's queue item; the Jenkins queue keeps its id across a restart. */
    private long queueId;
    /** Where the rebuild was last seen (its build number, once it runs): saved with the step. */
    private RebuildWatch watch;
    /** What the rebuild carries out, for the engine's record if it vanishes. */
    private RebuildAttempt attempt;

    private transient boolean concluded;

    RebuildExecution(StepContext context, boolean wait, String requestedApplication) {
        super(context);
        this.wait = wait;
        this.requestedApplication = requestedApplication;
    }

    /** Asks {@link ReleaseRequests} for the rebuild (it checks permissions and lets the core decide). */
    abstract ReleaseRequests.Scheduled request(
            Run<?, ?> build, String application, String actor, Cause cause, TaskListener listener) throws Exception;

    /** "the promotion from staging to production", for messages. */
    abstract String what();

    @Override
    public boolean start() {
        run(this::schedule);
        return false;
    }

    private void schedule() throws Exception {
        StepContext context = getContext();
        Run<?, ?> build = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        String application = requestedApplication != null
                ? requestedApplication
                : ProjectContext.load(build, context.get(FilePath.class), context.get(EnvVars.class)).application;
        Cause.UserIdCause cause = build.getCause(Cause.UserIdCause.class);
        boolean byUser = cause != null && cause.getUserId() != null;
        String actor = byUser ? cause.getUserId() : "jenkins";
        // The rebuild shows who asked: the user, or else this build (not a "jenkins" user that does not exist).
        Cause rebuildCause = byUser ? new Cause.UserIdCause(actor) : new Cause.UpstreamCause(build);
        ReleaseRequests.Scheduled scheduled = request(build, application, actor, rebuildCause, listener);
        PinnedRebuild.Queued rebuild = scheduled.rebuild();
        synchronized (this) {
            requestId = rebuild.requestId();
            jobFullName = rebuild.jobFullName();
            queueId = rebuild.queueId();
            watch = new RebuildWatch(what(), jobFullName);
            attempt = rebuild.attempt();
        }
        if (wait) {
            WAITING.add(this);
        }
        context.saveState();
        listener.getLogger()
                .println("[jitploy] Scheduled " + jobFullName + " pinned to release " + scheduled.releaseId() + " ("
                        + scheduled.version() + ") for " + what());
        if (!wait) {
            context.onSuccess(null);
        }
    }

    private synchronized boolean waiting() {
        return wait && requestId != null && !concluded;
    }

    private synchronized RebuildWatch watch() {
        if (watch == null) { // saved by a version that did not keep one
            watch = new RebuildWatch(what(), String.valueOf(jobFullName));
        }
        return watch;
    }

    /** The rebuild ended: the step returns the new release id, or fails. */
    void finished(Run<?, ?> rebuild) {
        conclude(ended(rebuild), false);
    }

    /** The rebuild was cancelled in the queue; {@link RebuildsNotRun} records that in the engine. */
    void cancelled() {
        conclude(watch().cancelled(), false);
    }

    /**
     * Looks where the rebuild is: waiting in the queue, running, ended (while nobody listened, e.g. across a
     * restart), or nowhere. Only here can a rebuild vanish (the queue lost in a restart, the build deleted): then the
     * step records the attempt in the engine itself, as no listener will. A rebuild seen cancelled or ended without
     * deploying is not recorded here: {@link RebuildsNotRun} heard of it and recorded it already, and the engine
     * records every call as one more aborted release.
     */
    void look() {
        if (!waiting() || !buildRunning()) {
            WAITING.remove(this);
            return;
        }
        // The step looks at the rebuild it scheduled (permissions were checked then), from a pool thread.
        RebuildWatch.Verdict verdict;
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            verdict = sight();
        }
        if (verdict != null) {
            conclude(verdict, false);
        } else {
            conclude(watch().nowhere(), true);
        }
    }

    /** Whether the build that waits still runs: one that ended without stopping the step waits no more. */
    private boolean buildRunning() {
        try {
            Run<?, ?> build = getContext().get(Run.class);
            return build != null && build.isBuilding();
        } catch (IOException | InterruptedException | RuntimeException e) {
            LOGGER.log(Level.FINE, "Cannot tell whether the build waiting for " + jobFullName + " still runs", e);
            return false;
        }
    }

    /** Where the rebuild is, or null if it is neither in the queue nor among the job's builds. */
    private @CheckForNull RebuildWatch.Verdict sight() {
        RebuildWatch seen = watch();
        Queue.Item item = queueId == 0 ? null : Jenkins.get().getQueue().getItem(queueId);
        if (item != null && isOurs(item.getAction(DeployTargetAction.class))) {
            if (!(item instanceof Queue.LeftItem left)) {
                return seen.queued();
            }
            if (left.isCancelled()) {
                return seen.cancelled();
            }
            if (left.getExecutable() instanceof Run<?, ?> run) {
                return sightBuild(run);
            }
            return seen.queued(); // handed to an executor; the build is being created
        }
        Run<?, ?> run = findBuild();
        if (run != null) {
            return sightBuild(run);
        }
        for (Queue.Item queued : Jenkins.get().getQueue().getItems()) {
            if (isOurs(queued.getAction(DeployTargetAction.class))) {
                return seen.queued();
            }
        }
        return null;
    }

    private boolean isOurs(DeployTargetAction action) {
        return action != null && action.getRequestId().equals(requestId);
    }

    private Run<?, ?> findBuild() {
        Job<?, ?> job = jobFullName == null ? null : Jenkins.get().getItemByFullName(jobFullName, Job.class);
        if (job == null) {
            return null;
        }
        OptionalInt number = watch().buildNumber();
        if (number.isPresent()) {
            return job.getBuildByNumber(number.getAsInt());
        }
        for (Run<?, ?> candidate : job.getBuilds().limit(50)) {
            if (isOurs(candidate.getAction(DeployTargetAction.class))) {
                return candidate;
            }
        }
        return null;
    }

    private RebuildWatch.Verdict sightBuild(Run<?, ?> run) {
        if (!run.isBuilding()) {
            return ended(run);
        }
        boolean first = watch().buildNumber().isEmpty();
        RebuildWatch.Verdict verdict = watch().running(run.getNumber());
        if (first) {
            getContext().saveState(); // after a restart, look for this build by its number
        }
        return verdict;
    }

    private RebuildWatch.Verdict ended(Run<?, ?> rebuild) {
        Result result = rebuild.getResult();
        ReleaseAction release = rebuild.getAction(ReleaseAction.class);
        return watch().ended(
                        rebuild.getNumber(),
                        String.valueOf(result),
                        result != null && result.isBetterOrEqualTo(Result.SUCCESS),
                        Optional.ofNullable(release).map(ReleaseAction::getReleaseId));
    }

    /** Completes the step once, with the engine's verdict; {@code recordHere}: no listener records this one. */
    private void conclude(RebuildWatch.Verdict verdict, boolean recordHere) {
        if (!verdict.isFinal()) {
            return;
        }
        synchronized (this) {
            if (concluded) {
                return;
            }
            concluded = true;
        }
        WAITING.remove(this);
        StepContext context = getContext();
        if (verdict.kind() == RebuildWatch.Kind.DEPLOYED) {
            context.onSuccess(verdict.releaseId());
            return;
        }
        if (recordHere && verdict.recordAttempt()) {
            recordVanished(verdict.message());
        }
        context.onFailure(new AbortException(verdict.message()));
    }

    private void recordVanished(String why) {
        try {
            Run<?, ?> build = getContext().get(Run.class);
            JitployRuntime runtime = JitployRuntime.of(build.getParent());
            if (attempt != null && runtime.pendingRebuilds().settle(requestId).isPresent()) {
                runtime.orchestrator().recordRebuildNotRun(attempt, why);
            }
        } catch (Exception e) {
            LOGGER.log(Level.WARNING, "Could not record that " + why, e);
        }
    }

    @Override
    public void onResume() {
        if (requestId == null) {
            // Nothing was scheduled before the restart; the base class fails the step if schedule() was cut short.
            super.onResume();
            return;
        }
        // Not super.onResume(): schedule() saves the state from its own thread, so the saved copy may name that
        // thread, which the base class takes for an interrupted block. The rebuild was scheduled: keep waiting, and
        // look at once whether it ended while the controller was down (a vanished one needs a few looks to tell).
        if (waiting()) {
            WAITING.add(this);
        }
        Computer.threadPoolForRemoting.execute(this::look);
    }

    /** Aborted: the step waits no more (the rebuild, if it runs, is not stopped). */
    @Override
    public void stop(Throwable cause) throws Exception {
        synchronized (this) {
            concluded = true;
        }
        WAITING.remove(this);
        super.stop(cause);
    }

    @Override
    public String getStatus() {
        if (requestId == null) {
            return super.getStatus();
        }
        OptionalInt number = watch().buildNumber();
        return "waiting for " + jobFullName
                + (number.isPresent() ? " #" + number.getAsInt() : " (queue item " + queueId + ")") + " to deploy "
                + what();
    }

    /** Wakes the steps waiting for a rebuild that ended. */
    @Extension
    public static final class Finished extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(Run<?, ?> run) {
            DeployTargetAction target = run.getAction(DeployTargetAction.class);
            if (target == null) {
                return;
            }
            StepExecution.acceptAll(RebuildExecution.class, execution -> {
                if (execution.waiting() && execution.isOurs(target)) {
                    execution.finished(run);
                }
            });
        }
    }

    /** Wakes the steps waiting for a rebuild cancelled in the queue. */
    @Extension
    public static final class Cancelled extends QueueListener {
        @Override
        public void onLeft(Queue.LeftItem left) {
            DeployTargetAction target = left.getAction(DeployTargetAction.class);
            if (!left.isCancelled() || target == null) {
                return;
            }
            // Called under the queue's lock: visiting the running Pipelines loads their builds (and may wait for
            // one being loaded), which must not hold up the queue.
            Computer.threadPoolForRemoting.execute(() -> StepExecution.acceptAll(RebuildExecution.class, execution -> {
                if (execution.waiting() && execution.isOurs(target)) {
                    execution.cancelled();
                }
            }));
        }
    }

    /**
     * Looks after every waiting step regularly: a rebuild may end or vanish without any listener noticing. Only the
     * steps in {@link #WAITING}: visiting every Pipeline of the controller would schedule work on each one's CPS VM
     * thread every time, whether or not it waits for a rebuild.
     */
    @Extension
    public static final class Watchdog extends PeriodicWork {
        @Override
        public long getRecurrencePeriod() {
            return TimeUnit.SECONDS.toMillis(30);
        }

        @Override
        protected void doRun() {
            for (RebuildExecution execution : WAITING) {
                // Off the timer: a look reads the queue and builds, and may write the ledger.
                Computer.threadPoolForRemoting.execute(execution::look);
            }
        }
    }
}
