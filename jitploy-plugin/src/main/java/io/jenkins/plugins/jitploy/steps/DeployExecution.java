package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.SuppressFBWarnings;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.jitploy.JitployPermissions;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.access.ApprovalWaiter;
import io.jenkins.plugins.jitploy.access.EnvironmentGuard;
import io.jenkins.plugins.jitploy.github.GitHubLink;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.PinnedRebuild;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jenkins.plugins.jitploy.releases.RollbackBuilds;
import io.jitploy.config.DeployVariables;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.deploy.DeployOutcome;
import io.jitploy.deploy.DeployReport;
import io.jitploy.deploy.DeployRun;
import io.jitploy.deploy.DeployRunId;
import io.jitploy.deploy.DeployStart;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.springframework.security.core.Authentication;

/**
 * Runs one {@code jitployDeploy} through the core's {@code DeployOrchestrator}: start (record + queue), run the body
 * when {@code started()} completes, {@code complete()} with the body's outcome, finish the step when
 * {@code finished()} reports (result, health check, GitHub, automatic rollback are all the core's).
 *
 * <p>Durable: only names and the {@link DeployRunId} are serialized. While the deploy waits no thread is held.
 * After a controller restart {@link #onResume()} rebuilds the same intent from the workspace and
 * {@code reattach}es: a queued deploy waits again, a running one gets its slot back without running the body twice.
 *
 * <p>Before queueing, the environment's protection is decided by the core ({@link EnvironmentGuard}). A deploy that
 * lacks approvals waits without a thread: {@link #approvalGiven} (called when someone approves on the build's
 * approval page) and {@link #onResume()} check again; checks run one at a time, so the deploy starts once.
 */
final class DeployExecution extends GeneralNonBlockingStepExecution implements ApprovalWaiter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(DeployExecution.class.getName());
    private static final long POLL_SECONDS = 3;

    private final String requestedEnvironment;
    private final String version;
    private final boolean supersede;
    private final boolean failFast;
    private final String command;
    /** The reason to override red GitHub checks, or null; the engine records it, with who, on the release. */
    private final String forceChecks;

    private String application;
    private String environment;
    private String runId;
    private volatile boolean bodyStarted;
    /** Without a block: the command deployed with, its durable task, and the masking pattern (encrypted). */
    private CommandDeploy commandDeploy;

    /** Waiting for approvals, and checking them one at a time. */
    private final ApprovalWait approvalWait = new ApprovalWait();

    /** The build's authentication, which checks after an approval (on the approver's thread) run as. */
    @SuppressFBWarnings(
            value = "SE_TRANSIENT_FIELD_NOT_RESTORED",
            justification = "set again in onResume, and read back from the flow execution when missing (runAsBuild)")
    private transient volatile Authentication buildAuthentication;

    /** Decrypted values: memory only, read again from the workspace after a restart. */
    private transient volatile ProjectContext.Decrypted decrypted;

    private transient volatile DeployRun deployRun;

    private transient volatile ScheduledFuture<?> nextPoll;

    /**
     * Who stopped the step, once {@link #stop} ran. From then on {@code run(...)} does nothing, so a deploy queued or
     * started by work that was already under way must be abandoned here, or it would hold the slot forever.
     */
    private transient volatile String stoppedBy;

    DeployExecution(
            StepContext context,
            String requestedEnvironment,
            String version,
            boolean supersede,
            boolean failFast,
            String command,
            String forceChecks) {
        super(context);
        this.requestedEnvironment = requestedEnvironment;
        this.version = version;
        this.supersede = supersede;
        this.failFast = failFast;
        this.command = command;
        this.forceChecks = forceChecks;
    }

    @Override
    public boolean start() {
        buildAuthentication = Jenkins.getAuthentication2();
        prepareOneAtATime();
        return false;
    }

    /**
     * Runs {@link #prepare} for a deploy not started yet, never twice at once: an approval that arrives during a
     * check makes it check again, so none is missed and the deploy starts once.
     */
    private void prepareOneAtATime() {
        approvalWait.checkOneAtATime(check -> run(check::run), () -> prepare(false), () -> runId != null);
    }

    @Override
    public void approvalGiven(Run<?, ?> build) {
        Authentication as = buildAuthentication;
        if (!approvalWait.waiting() || as == null || !approvalWait.waitsFor(build)) {
            return;
        }
        // Check as the build, not as the approver whose request thread this is.
        try (ACLContext ignored = ACL.as2(as)) {
            prepareOneAtATime();
        }
    }

    /**
     * Off the CPS thread: reads the workspace, decrypts (so that a wrong key fails before queueing), builds the
     * intent, then starts the deploy, or re-attaches to it after a restart.
     */
    private void prepare(boolean resuming) throws Exception {
        StepContext context = getContext();
        Run<?, ?> build = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        FilePath workspace = context.get(FilePath.class);
        EnvVars env = context.get(EnvVars.class);
        ProjectContext project = ProjectContext.load(build, workspace, env);
        JitployRuntime runtime = project.runtime();
        DeployTargetAction target = PinnedRebuild.targetOf(build);

        // Resuming, the deploy goes on where it started (application and environment): the workspace's .jitploy.yml
        // may have changed since, or be gone, and resolving again could skip the deploy ("nothing to deploy") while
        // its release holds the slot, or name another application.
        Optional<String> resolved = resuming
                ? Optional.of(environment)
                : Optional.ofNullable(requestedEnvironment)
                        .or(() -> Optional.ofNullable(target).map(DeployTargetAction::getEnvironment))
                        .or(project::environmentForBranch);
        if (resolved.isEmpty()) {
            listener.getLogger()
                    .println("[jitploy] Branch " + project.branch + " maps to no environment of " + project.application
                            + "; nothing to deploy.");
            context.onSuccess(null);
            return;
        }
        environment = resolved.get();
        if (!resuming) {
            application = project.application;
        }
        // forceChecks needs no more than this: overriding red checks is part of the deploy, so Jitploy/Deploy and
        // the environment's protection (EnvironmentGuard, below) decide it with the deploy.
        build.getParent().checkPermission(JitployPermissions.DEPLOY);
        EnvironmentSpec spec = project.environment(environment);
        String sha = project.sha(env);
        Release source = target == null ? null : DeployIntents.sourceRelease(runtime, target, sha);
        if (!context.hasBody()) {
            String deployCommand = Optional.ofNullable(command)
                    .or(spec::deploy)
                    .orElseThrow(() -> new AbortException("jitployDeployCommand needs command:, or a `deploy:`"
                            + " command for " + environment + " in " + ProjectContext.CONFIG_FILE + "."));
            if (commandDeploy == null) {
                commandDeploy = new CommandDeploy(deployCommand);
            } else {
                commandDeploy.setCommand(deployCommand); // what it launches, if it has not been launched yet
            }
        }
        // Before queueing, so that a GitHub misconfiguration fails at once; gate and deployments are the core's.
        GitHubLink.connect(build, application, project.config, env, runtime.github(), listener);
        Instant commitTime = BuildCommitTime.of(build, application, sha, source, runtime.github(), listener);
        decrypted = project.decrypt(spec, workspace, listener);
        try {
            // JITPLOY_* are the engine's facts: a decrypted value must not silently replace one.
            DeployVariables.requireUnreserved(environment, decrypted.variables().keySet());
        } catch (DeployVariables.ReservedVariableException e) {
            decrypted = null;
            throw new AbortException("Cannot deploy to " + environment + ": " + e.getMessage() + ".");
        }
        DeployIntents intents = new DeployIntents(application, environment, version, supersede, failFast, forceChecks);
        DeployIntent intent = intents.intent(build, project, spec, sha, target, source, env, commitTime, decrypted);

        DeployRun run;
        if (resuming) {
            run = runtime.orchestrator().reattach(DeployRunId.parse(runId), intent);
        } else {
            if (!approvalWait.approved(build, intent, spec, listener)) {
                decrypted = null; // read again when the approvals are there
                context.saveState();
                return;
            }
            run = runtime.orchestrator().start(intent);
            runId = run.id().toString();
            runtime.rememberRun(run.releaseId(), application, build);
            build.addAction(new ReleaseAction(run.releaseId(), application, environment, intent.trigger()));
            if (target != null) {
                runtime.pendingRebuilds().settle(target.getRequestId()); // the rebuild records itself from here on
            }
            context.saveState();
            listener.getLogger()
                    .println("[jitploy] Release " + run.releaseId() + ": " + application + " " + intent.version()
                            + " to " + environment + " queued. " + run.status());
            if (forceChecks != null) {
                listener.getLogger().println(intents.forceNotice(intent, run.releaseId()));
            }
        }
        attach(run);
    }

    private void attach(DeployRun run) {
        deployRun = run;
        LiveRuns.attach(runId, run);
        // A deploy that never starts (superseded, cancelled, held with failFast, checks red) is reported through
        // finished() as well, so only the success path matters here.
        run.started().thenAccept(start -> {
            String by = stoppedBy;
            if (by != null) {
                run.abort(by); // run(...) would do nothing now: leave the slot at once
            } else if (!bodyStarted) {
                runAsBuild(() -> failingTheRun(() -> startBody(start)));
            }
        });
        run.finished().whenComplete(this::finish);
        String by = stoppedBy;
        if (by != null) {
            // stop() ran while this deploy was being queued, before it could see it (the ledger records the abort
            // even though stop() interrupted this thread: its writes are immune to interrupts).
            run.abort(by);
        }
    }

    /**
     * Runs part of a deploy whose slot is granted. If it throws (the agent went away, the workspace is gone), the
     * engine hears that the deploy failed, which records it and releases the slot, and the step then fails with the
     * exception; failing the step alone would leave the release running and the environment held forever.
     */
    private void failingTheRun(Block block) {
        try {
            block.run();
        } catch (Exception e) {
            LiveRuns.bodyFailed(runId, e);
            LiveRuns.report(
                    runId,
                    DeployOutcome.failed(
                            e instanceof AgentWatch.AgentLostException lost
                                    ? lost.outcome()
                                    : "the deploy could not run ("
                                            + e.getClass().getSimpleName() + "); see the build log"));
        }
    }

    private void startBody(DeployStart start) throws Exception {
        if (stoppedBy != null) {
            return; // stop() has abandoned the deploy
        }
        if (commandDeploy != null) {
            launchCommand(start);
            return;
        }
        StepContext context = getContext();
        TaskListener listener = context.get(TaskListener.class);
        bodyStarted = true;
        context.saveState();
        listener.getLogger()
                .println("[jitploy] Deploying release " + start.releaseId() + " to " + environment
                        + start.previousVersion()
                                .map(v -> " (replacing " + v + ")")
                                .orElse("")
                        + start.gateNote().map(n -> "; " + n).orElse(""));
        SecretVariables.bind(context.newBodyInvoker(), context, decrypted.variables(), start.variables())
                .withCallback(new BodyDone(runId))
                .start();
        decrypted = null; // the body's environment holds them now, as Secret
    }

    /**
     * The non-block form: runs the deploy command as a durable shell task in the workspace, as {@code sh} does, with
     * the decrypted and {@code JITPLOY_*} variables in its environment (never in the script), then polls it.
     */
    private void launchCommand(DeployStart start) throws Exception {
        StepContext context = getContext();
        CommandDeploy deploy = commandDeploy;
        FilePath workspace = deploy.launch(context, start, environment, decrypted);
        if (workspace == null) {
            // The agent is offline: nothing was started, so starting later is safe (AgentWatch says how long).
            nextPoll = Timer.get()
                    .schedule(
                            () -> runAsBuild(() -> failingTheRun(() -> startBody(start))),
                            POLL_SECONDS,
                            TimeUnit.SECONDS);
            return;
        }
        bodyStarted = true;
        if (stoppedBy != null) {
            // stop() came while the command was launching and could not see it: stop it, nothing polls any more.
            deploy.stop(workspace, context.get(Launcher.class));
            return;
        }
        decrypted = null;
        context.saveState();
        schedulePoll();
    }

    private void schedulePoll() {
        if (stoppedBy != null) {
            return;
        }
        nextPoll =
                Timer.get().schedule(() -> runAsBuild(() -> failingTheRun(this::poll)), POLL_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * {@code run(...)} as the build: called from a timer or the engine's worker, whose threads run as SYSTEM, and
     * {@code run(...)} keeps the caller's authentication.
     */
    private void runAsBuild(Block block) {
        Authentication as = buildAuthentication;
        if (as == null) {
            as = BuildAuthentication.of(getContext());
            buildAuthentication = as;
        }
        try (ACLContext ignored = ACL.as2(as)) {
            run(block);
        }
    }

    /** Polls the command once, and again later until it ended and its exit status was reported. */
    private void poll() throws Exception {
        if (!commandDeploy.poll(getContext(), runId)) {
            schedulePoll();
        }
    }

    /** Completes the step with the engine's report. */
    private void finish(DeployReport report, Throwable error) {
        LiveRuns.finished(runId);
        Throwable bodyFailure = LiveRuns.takeBodyFailure(runId);
        StepContext context = getContext();
        if (error != null) {
            context.onFailure(error);
            return;
        }
        try {
            Run<?, ?> build = context.get(Run.class);
            DeployTargetAction target = PinnedRebuild.targetOf(build);
            if (target != null) {
                RollbackBuilds.reported(target.getRequestId(), report);
            }
            Release release = report.release();
            context.get(TaskListener.class)
                    .getLogger()
                    .println("[jitploy] Release " + release.id() + " " + release.result() + ": " + report.detail());
            if (release.result() == ReleaseResult.SUCCEEDED) {
                context.onSuccess(release.id());
            } else if (release.result() == ReleaseResult.SUPERSEDED) {
                context.onSuccess(null); // a newer version took its place: nothing went wrong
            } else {
                context.onFailure(bodyFailure != null ? bodyFailure : new AbortException(report.detail()));
            }
        } catch (Exception e) {
            context.onFailure(e);
        }
    }

    @Override
    public void onResume() {
        // onResume runs as SYSTEM (on Computer.threadPoolForRemoting), and run(...) keeps the caller's
        // authentication: check again as the build, as start() does on the CPS VM thread, not as SYSTEM.
        Authentication as = BuildAuthentication.of(getContext());
        buildAuthentication = as;
        if (runId == null && !approvalWait.waiting()) {
            // Nothing was recorded before the restart; the base class fails the step if prepare() was cut short.
            super.onResume();
            return;
        }
        // Not super.onResume(): it fails the step whenever the state was saved while a run(...) block was on its
        // thread, and here every saveState() is called from inside one (CpsStepContext saves asynchronously, so the
        // saved copy may still name the thread). With the run id, or the wait for approvals, saved, resuming is
        // always possible.
        try (ACLContext ignored = ACL.as2(as)) {
            if (runId == null) {
                prepareOneAtATime(); // approvals may have arrived while the controller was down
                return;
            }
            // Only a restart within the same JVM (JenkinsSessionExtension) leaves one: the previous
            // orchestrator's run, which the body's end must not complete in place of the one resumed here.
            LiveRuns.forget(runId);
            run(() -> {
                try {
                    prepare(true);
                } catch (Exception e) {
                    UnresumableDeploy.abandon(getContext(), runId, e);
                    throw e;
                }
                if (commandDeploy != null && commandDeploy.launched()) {
                    schedulePoll(); // the command kept running on the agent
                }
            });
        }
    }

    /**
     * Stops following the deploy at once; leaving the queue, reporting and stopping the command, and closing the
     * approval wait happen on a pool thread ({@link #leave}). stop() runs on the CPS VM thread, which must not wait
     * for the disk (the ledger, the build's XML) or for an agent that may be gone, often the reason for the abort
     * (CpsThread gives it 30 s). The step is completed (by the base class) whatever fails.
     */
    @Override
    public void stop(Throwable cause) throws Exception {
        try {
            Run<?, ?> build = getContext().get(Run.class);
            String by = build.getFullDisplayName();
            stoppedBy = by;
            ScheduledFuture<?> poll = nextPoll;
            if (poll != null) {
                poll.cancel(false);
            }
            Computer.threadPoolForRemoting.submit(() -> leave(build, by));
        } finally {
            super.stop(cause);
        }
    }

    /**
     * Leaves the queue, or reports the stopped command, before anything that may fail: stopping the command needs
     * the agent, which may be gone, and the slot must be released anyway.
     */
    private void leave(Run<?, ?> build, String by) {
        DeployRun run = deployRun;
        if (run != null && !bodyStarted) {
            run.abort(by); // leave the queue
        }
        CommandDeploy command = commandDeploy;
        if (command != null && command.launched()) {
            LiveRuns.report(runId, DeployOutcome.aborted("the deploy command was stopped"));
            AgentWatch.Deadline deadline = new AgentWatch.Deadline();
            try (deadline) {
                command.stop(getContext().get(FilePath.class), getContext().get(Launcher.class));
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Could not stop the deploy command of " + by + " on its agent", e);
            }
        }
        if (approvalWait.stopWaiting()) {
            try {
                EnvironmentGuard.stopWaiting(build, environment);
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Could not close the approval wait of " + by, e);
            }
        }
    }

    @Override
    public String getStatus() {
        if (approvalWait.waiting() && runId == null && approvalWait.status() != null) {
            return "waiting for approval: " + approvalWait.status();
        }
        DeployRun run = deployRun;
        return run != null ? run.status() : super.getStatus();
    }
}
