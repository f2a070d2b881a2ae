package io.jenkins.plugins.jitploy.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.JitployPermissions;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.PinnedRebuild;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.QueueEntry;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.deploy.DeployOutcome;
import io.jitploy.deploy.DeployRun;
import io.jitploy.deploy.DeployStart;
import io.jitploy.deploy.Deployer;
import io.jitploy.health.HealthCheckSpec;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import io.jitploy.promotion.RollbackPlan;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Runs one {@code jitployDeploy}. Durable: only names and the release id are serialized; while the deploy waits for
 * its slot no thread is held, and after a controller restart {@link #onResume()} re-attaches to the engine, which
 * restored its queue from the store. The orchestration itself (queue, gate, ledger, health check, GitHub) is the
 * core's {@code DeployOrchestrator}; this class only connects it to the Pipeline body.
 */
final class DeployExecution extends GeneralNonBlockingStepExecution {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(DeployExecution.class.getName());

    /** Body outcomes by release id; the body callback survives a restart, this map is refilled on resume. */
    private static final Map<String, CompletableFuture<DeployOutcome>> BODIES = new ConcurrentHashMap<>();
    /** The body's own failure, to rethrow unchanged (in memory only: after a restart a summary is thrown). */
    private static final Map<String, Throwable> BODY_FAILURES = new ConcurrentHashMap<>();

    enum Phase {
        PREPARING,
        WAITING,
        DEPLOYING,
        FINISHED
    }

    private final String requestedEnvironment;
    private final String version;
    private final boolean supersede;
    private final boolean failFast;

    private volatile Phase phase = Phase.PREPARING;
    private String application;
    private String environment;
    private String releaseId;
    private boolean autoRollback;

    /** Decrypted values: memory only, re-read from the workspace if a restart happened while waiting. */
    private transient volatile ProjectContext.Decrypted decrypted;

    DeployExecution(
            StepContext context, String requestedEnvironment, String version, boolean supersede, boolean failFast) {
        super(context);
        this.requestedEnvironment = requestedEnvironment;
        this.version = version;
        this.supersede = supersede;
        this.failFast = failFast;
    }

    @Override
    public boolean start() {
        run(this::prepare);
        return false;
    }

    /** Off the CPS thread: reads the workspace, decrypts (failing fast on a wrong key), and queues the deploy. */
    private void prepare() throws Exception {
        StepContext context = getContext();
        Run<?, ?> build = context.get(Run.class);
        TaskListener listener = context.get(TaskListener.class);
        FilePath workspace = context.get(FilePath.class);
        EnvVars env = context.get(EnvVars.class);
        ProjectContext project = ProjectContext.load(build, workspace, env);
        DeployTargetAction target = PinnedRebuild.targetOf(build);

        Optional<String> resolved = Optional.ofNullable(requestedEnvironment)
                .or(() -> Optional.ofNullable(target).map(DeployTargetAction::getEnvironment))
                .or(project::environmentForBranch);
        if (resolved.isEmpty()) {
            listener.getLogger().println("[jitploy] Branch " + project.branch + " maps to no environment of "
                    + project.application + "; nothing to deploy.");
            phase = Phase.FINISHED;
            context.onSuccess(null);
            return;
        }
        environment = resolved.get();
        application = project.application;
        build.getParent().checkPermission(JitployPermissions.DEPLOY);
        EnvironmentSpec spec = project.environment(environment);
        String sha = project.sha(env);
        JitployRuntime runtime = project.runtime();
        if (target != null) {
            requireSameRevision(runtime, target, sha);
        }

        decrypted = project.decrypt(environment, workspace, listener);
        Optional<HealthCheckSpec> health = spec.healthCheck();
        autoRollback = health.map(HealthCheckSpec::autoRollback).orElse(false);
        DeployIntent.Builder intent = DeployIntent.builder(
                        application, environment, version != null ? version : sha, sha)
                .ref(project.branch)
                .buildUrl(Jenkins.get().getRootUrl() == null ? build.getUrl() : Jenkins.get().getRootUrl() + build.getUrl())
                .trigger(trigger(build, target))
                .user(user(build, target))
                .supersede(supersede)
                .failFast(failFast)
                .configFingerprints(decrypted.fingerprints());
        health.ifPresent(intent::healthCheck);
        spec.url().ifPresent(intent::environmentUrl);
        if (target != null && target.getTrigger() == Trigger.PROMOTE) {
            intent.promotedFrom(target.getSourceReleaseId());
        } else if (target != null && target.getTrigger() == Trigger.ROLLBACK) {
            intent.rollbackOf(target.getSourceReleaseId());
        }

        phase = Phase.WAITING;
        DeployRun deployRun = runtime.orchestrator().start(intent.build(), new PipelineDeployer(this));
        releaseId = deployRun.releaseId();
        runtime.rememberRun(releaseId, application, build);
        build.addAction(new ReleaseAction(releaseId, application, environment, trigger(build, target)));
        context.saveState();
        listener.getLogger().println("[jitploy] Release " + releaseId + ": " + application + " " + sha + " to "
                + environment + " queued. " + queueStatus(runtime));
        attach(deployRun);
    }

    private static void requireSameRevision(JitployRuntime runtime, DeployTargetAction target, String sha)
            throws AbortException {
        Release source = runtime.ledger()
                .byId(target.getSourceReleaseId())
                .orElseThrow(() -> new AbortException("Release " + target.getSourceReleaseId()
                        + " to " + target.getTrigger().name().toLowerCase() + " is not in the ledger."));
        if (!source.sha().equals(sha)) {
            throw new AbortException("This build was scheduled to " + target.getTrigger().name().toLowerCase()
                    + " release " + source.id() + " (commit " + source.sha() + ") but checked out " + sha
                    + ". Promotion and rollback pin the revision in multibranch projects only; use a"
                    + " multibranch project, and `checkout scm` in the Jenkinsfile.");
        }
    }

    private static Trigger trigger(Run<?, ?> build, DeployTargetAction target) {
        if (target != null) {
            return target.getTrigger();
        }
        return build.getCause(Cause.UserIdCause.class) != null ? Trigger.MANUAL : Trigger.PUSH;
    }

    private static String user(Run<?, ?> build, DeployTargetAction target) {
        if (target != null && target.getRequestedBy() != null) {
            return target.getRequestedBy();
        }
        Cause.UserIdCause cause = build.getCause(Cause.UserIdCause.class);
        return cause != null && cause.getUserId() != null ? cause.getUserId() : "jenkins";
    }

    private void attach(DeployRun deployRun) {
        deployRun.completion().whenComplete((release, error) -> {
            if (error != null) {
                finish(null, error);
            } else {
                finish(release, null);
            }
        });
    }

    /** Called by the engine when the slot is granted and the release is recorded as started. */
    CompletableFuture<DeployOutcome> deploy(DeployStart start) {
        CompletableFuture<DeployOutcome> outcome = BODIES.computeIfAbsent(start.releaseId(), id -> new CompletableFuture<>());
        if (phase == Phase.DEPLOYING) {
            return outcome; // resumed after a restart: the body is already running and will report here
        }
        phase = Phase.DEPLOYING;
        run(() -> startBody(start));
        return outcome;
    }

    private void startBody(DeployStart start) throws Exception {
        StepContext context = getContext();
        TaskListener listener = context.get(TaskListener.class);
        if (decrypted == null) {
            Run<?, ?> build = context.get(Run.class);
            FilePath workspace = context.get(FilePath.class);
            decrypted = ProjectContext.load(build, workspace, context.get(EnvVars.class))
                    .decrypt(environment, workspace, listener);
        }
        context.saveState();
        listener.getLogger().println("[jitploy] Deploying release " + start.releaseId() + " to " + environment
                + start.previousVersion().map(v -> " (replacing " + v + ")").orElse("")
                + start.gateNote().map(n -> "; " + n).orElse(""));
        SecretVariables.bind(context.newBodyInvoker(), context, decrypted.variables(), start.variables())
                .withCallback(new BodyDone(start.releaseId()))
                .start();
        decrypted = null; // the body's environment holds them now, encrypted as Secret
    }

    /** Reports the body's end to the engine; survives restarts (it only holds the release id). */
    private static final class BodyDone extends BodyExecutionCallback {
        private static final long serialVersionUID = 1L;
        private final String releaseId;

        BodyDone(String releaseId) {
            this.releaseId = releaseId;
        }

        @Override
        public void onSuccess(StepContext context, Object result) {
            BODIES.computeIfAbsent(releaseId, id -> new CompletableFuture<>()).complete(DeployOutcome.succeeded());
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            BODY_FAILURES.put(releaseId, t);
            DeployOutcome outcome = t instanceof FlowInterruptedException
                    ? DeployOutcome.aborted("The deploy block was aborted.")
                    // The message of a failing step may quote the command line; record only its kind.
                    : DeployOutcome.failed("The deploy block failed (" + t.getClass().getSimpleName()
                            + "); see the build log.");
            BODIES.computeIfAbsent(releaseId, id -> new CompletableFuture<>()).complete(outcome);
        }
    }

    /** Completes the step once the engine has recorded the result, run the health check and reported. */
    private void finish(Release release, Throwable error) {
        phase = Phase.FINISHED;
        BODIES.remove(releaseId);
        Throwable bodyFailure = releaseId == null ? null : BODY_FAILURES.remove(releaseId);
        StepContext context = getContext();
        if (error != null) {
            context.onFailure(error);
            return;
        }
        try {
            TaskListener listener = context.get(TaskListener.class);
            listener.getLogger().println("[jitploy] Release " + release.id() + " " + release.result()
                    + (release.health() != null ? ", health: " + (release.health().healthy() ? "healthy" : "unhealthy ("
                            + release.health().reason() + ")") : ""));
            if (release.result() != ReleaseResult.SUCCEEDED) {
                context.onFailure(bodyFailure != null
                        ? bodyFailure
                        : new AbortException("Release " + release.id() + " to " + environment + " ended "
                                + release.result() + "."));
                return;
            }
            if (release.health() != null && !release.health().healthy()) {
                String rollback = autoRollback ? rollBack(context.get(Run.class), release) : "";
                context.onFailure(new AbortException("The health check of " + environment + " failed after release "
                        + release.id() + ": " + release.health().reason() + "." + rollback));
                return;
            }
            context.onSuccess(release.id());
        } catch (IOException | InterruptedException | RuntimeException e) {
            context.onFailure(e);
        }
    }

    /** Automatic rollback: the core picks the target; the plugin rebuilds it pinned, as a rollback button would. */
    private String rollBack(Run<?, ?> build, Release failed) {
        JitployRuntime runtime = JitployRuntime.of(build.getParent());
        try {
            RollbackPlan plan = runtime.promotions()
                    .planRollback(application, environment, Optional.empty(), false, "jitploy (health check)");
            PinnedRebuild.schedule(runtime, plan.target().id(), environment, Trigger.ROLLBACK, null);
            return " Rolling back to release " + plan.target().id() + " (" + plan.target().version() + ").";
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.WARNING, "Automatic rollback after release " + failed.id() + " failed", e);
            return " The automatic rollback could not start: " + e.getMessage();
        }
    }

    @Override
    public void onResume() {
        super.onResume();
        if (releaseId == null || (phase != Phase.WAITING && phase != Phase.DEPLOYING)) {
            return;
        }
        try {
            JitployRuntime runtime = JitployRuntime.of(getContext().get(Run.class).getParent());
            Optional<DeployRun> resumed = runtime.orchestrator().resume(releaseId, new PipelineDeployer(this));
            if (resumed.isPresent()) {
                attach(resumed.get());
            } else {
                getContext().onFailure(new AbortException("Release " + releaseId + " was not found in the Jitploy"
                        + " store after the restart (was " + runtime.directory() + " removed?). Run the build again."));
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            getContext().onFailure(e);
        }
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (releaseId != null && phase == Phase.WAITING) {
            Run<?, ?> build = getContext().get(Run.class);
            JitployRuntime.of(build.getParent()).orchestrator().cancel(releaseId, "build " + build.getFullDisplayName());
        }
        super.stop(cause);
    }

    @Override
    public String getStatus() {
        if (phase == Phase.WAITING && releaseId != null) {
            try {
                return queueStatus(JitployRuntime.of(getContext().get(Run.class).getParent()));
            } catch (IOException | InterruptedException e) {
                return "waiting for the deploy slot of " + application + "/" + environment;
            }
        }
        if (phase == Phase.DEPLOYING) {
            return "deploying release " + releaseId + " to " + application + "/" + environment;
        }
        return super.getStatus();
    }

    /** "position 2 of 3, waiting for: locked by alice (db migration)" as the core describes the queue. */
    private String queueStatus(JitployRuntime runtime) {
        List<QueueEntry> queue = runtime.coordinator().queue(new EnvironmentKey(application, environment));
        for (QueueEntry entry : queue) {
            if (releaseId.equals(entry.releaseId())) {
                return "Waiting for the deploy slot of " + application + "/" + environment + ": position "
                        + entry.position() + " of " + queue.size()
                        + (entry.waitingFor() == null ? "" : ", waiting for: " + entry.waitingFor());
            }
        }
        return "Deploy slot of " + application + "/" + environment + " granted.";
    }

    /** The engine's view of this step: a {@link Deployer} whose deploy is the Pipeline body. */
    private record PipelineDeployer(DeployExecution execution) implements Deployer {
        @Override
        public CompletableFuture<DeployOutcome> deploy(DeployStart start) {
            return execution.deploy(start);
        }
    }
}
