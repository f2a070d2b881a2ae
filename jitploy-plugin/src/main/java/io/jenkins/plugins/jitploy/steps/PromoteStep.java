package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Cause;
import hudson.model.Job;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.Messages;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jenkins.plugins.jitploy.releases.ReleaseRequests;
import java.util.Set;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code promote(from: 'staging', to: 'production')}: promotes the release live and healthy in {@code from} by
 * rebuilding the pipeline that produced it, pinned to its revision, with {@code to} as the target; then waits,
 * durably, for that build's deploy and returns the new release id.
 */
public final class PromoteStep extends Step {
    private final String from;
    private final String to;
    private boolean wait = true;
    private String application;

    @DataBoundConstructor
    public PromoteStep(String from, String to) {
        this.from = Util.fixEmptyAndTrim(from);
        this.to = Util.fixEmptyAndTrim(to);
    }

    public String getFrom() {
        return from;
    }

    public String getTo() {
        return to;
    }

    /** Wait for the promotion build (default); {@code false} returns once it is scheduled. */
    public boolean isWait() {
        return wait;
    }

    @DataBoundSetter
    public void setWait(boolean wait) {
        this.wait = wait;
    }

    public @CheckForNull String getApplication() {
        return application;
    }

    @DataBoundSetter
    public void setApplication(String application) {
        this.application = Util.fixEmptyAndTrim(application);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (from == null || to == null) {
            throw new AbortException(
                    "promote needs from: and to:, for example promote(from: 'staging', to: 'production').");
        }
        return new Execution(context, this);
    }

    static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        private final String from;
        private final String to;
        private final boolean wait;
        private final String requestedApplication;
        private String requestId;
        private String jobFullName;

        Execution(StepContext context, PromoteStep step) {
            super(context);
            this.from = step.from;
            this.to = step.to;
            this.wait = step.wait;
            this.requestedApplication = step.application;
        }

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
            ReleaseRequests.Scheduled scheduled =
                    ReleaseRequests.promote(build.getParent(), application, from, to, actor, listener);
            requestId = scheduled.requestId();
            JitployRuntime runtime = JitployRuntime.of(build.getParent());
            jobFullName = runtime.runOf(scheduled.releaseId())
                    .map(r -> r.getParent().getFullName())
                    .orElse(null);
            context.saveState();
            listener.getLogger()
                    .println("[jitploy] Scheduled " + jobFullName + " pinned to release " + scheduled.releaseId() + " ("
                            + scheduled.version() + ") for " + to);
            if (!wait) {
                context.onSuccess(null);
            }
        }

        /** The promotion build finished (called from {@link Finished}, or on resume when it ended meanwhile). */
        void finished(Run<?, ?> promoted) {
            StepContext context = getContext();
            Result result = promoted.getResult();
            ReleaseAction release = promoted.getAction(ReleaseAction.class);
            if (result != null && result.isBetterOrEqualTo(Result.SUCCESS) && release != null) {
                context.onSuccess(release.getReleaseId());
            } else {
                context.onFailure(new AbortException("The promotion build " + promoted.getFullDisplayName() + " ended "
                        + result + (release == null ? " without deploying" : "") + "; see its log."));
            }
        }

        /** After a restart the promotion build may have ended while we were down; else keep waiting. */
        @Override
        public void onResume() {
            super.onResume();
            if (requestId == null || !wait || jobFullName == null) {
                return;
            }
            Job<?, ?> job = Jenkins.get().getItemByFullName(jobFullName, Job.class);
            if (job == null) {
                getContext()
                        .onFailure(new AbortException("The job " + jobFullName + " running the promotion is gone."));
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
            return requestId == null
                    ? super.getStatus()
                    : "waiting for " + jobFullName + " to deploy the promotion from " + from + " to " + to;
        }
    }

    /** Wakes the {@code promote} steps waiting for a promotion build. */
    @Extension
    public static final class Finished extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(Run<?, ?> run) {
            DeployTargetAction target = run.getAction(DeployTargetAction.class);
            if (target == null) {
                return;
            }
            StepExecution.acceptAll(Execution.class, execution -> {
                if (target.getRequestId().equals(execution.requestId) && execution.wait) {
                    execution.finished(run);
                }
            });
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "promote";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.PromoteStep_displayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
