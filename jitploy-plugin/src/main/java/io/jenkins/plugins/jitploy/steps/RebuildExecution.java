package io.jenkins.plugins.jitploy.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Cause;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jenkins.plugins.jitploy.releases.ReleaseRequests;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * A step that asks for a pinned rebuild (promotion or rollback) and waits for its deploy. Durable: it persists the
 * request id and the job only; no thread waits. {@link Finished} wakes it when the rebuild ends, and
 * {@link #onResume()} checks whether the rebuild ended while the controller was down.
 */
abstract class RebuildExecution extends GeneralNonBlockingStepExecution {
    private static final long serialVersionUID = 1L;

    private final boolean wait;
    private final String requestedApplication;
    private String requestId;
    private String jobFullName;

    RebuildExecution(StepContext context, boolean wait, String requestedApplication) {
        super(context);
        this.wait = wait;
        this.requestedApplication = requestedApplication;
    }

    /** Asks {@link ReleaseRequests} for the rebuild (it checks permissions and lets the core decide). */
    abstract ReleaseRequests.Scheduled request(Run<?, ?> build, String application, String actor, TaskListener listener)
            throws Exception;

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
        String actor = cause != null && cause.getUserId() != null ? cause.getUserId() : "jenkins";
        ReleaseRequests.Scheduled scheduled = request(build, application, actor, listener);
        requestId = scheduled.requestId();
        jobFullName = JitployRuntime.of(build.getParent())
                .runOf(scheduled.releaseId())
                .map(r -> r.getParent().getFullName())
                .orElse(null);
        context.saveState();
        listener.getLogger()
                .println("[jitploy] Scheduled " + jobFullName + " pinned to release " + scheduled.releaseId() + " ("
                        + scheduled.version() + ") for " + what());
        if (!wait) {
            context.onSuccess(null);
        }
    }

    /** The rebuild ended: the step returns the new release id, or fails. */
    void finished(Run<?, ?> rebuild) {
        StepContext context = getContext();
        Result result = rebuild.getResult();
        ReleaseAction release = rebuild.getAction(ReleaseAction.class);
        if (result != null && result.isBetterOrEqualTo(Result.SUCCESS) && release != null) {
            context.onSuccess(release.getReleaseId());
        } else {
            context.onFailure(new AbortException("The build " + rebuild.getFullDisplayName() + " for " + what()
                    + " ended " + result + (release == null ? " without deploying" : "") + "; see its log."));
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
        // thread, which the base class takes for an interrupted block. The rebuild was scheduled: keep waiting.
        if (!wait || jobFullName == null) {
            return;
        }
        Job<?, ?> job = Jenkins.get().getItemByFullName(jobFullName, Job.class);
        if (job == null) {
            getContext().onFailure(new AbortException("The job " + jobFullName + " running " + what() + " is gone."));
            return;
        }
        for (Run<?, ?> candidate : job.getBuilds().limit(50)) {
            DeployTargetAction target = candidate.getAction(DeployTargetAction.class);
            if (target != null && requestId.equals(target.getRequestId()) && !candidate.isBuilding()) {
                finished(candidate);
                return;
            }
        }
    }

    @Override
    public String getStatus() {
        return requestId == null ? super.getStatus() : "waiting for " + jobFullName + " to deploy " + what();
    }

    /** Wakes the steps waiting for a rebuild. */
    @Extension
    public static final class Finished extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(Run<?, ?> run) {
            DeployTargetAction target = run.getAction(DeployTargetAction.class);
            if (target == null) {
                return;
            }
            StepExecution.acceptAll(RebuildExecution.class, execution -> {
                if (target.getRequestId().equals(execution.requestId) && execution.wait) {
                    execution.finished(run);
                }
            });
        }
    }
}
