package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.Util;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.Messages;
import io.jenkins.plugins.jitploy.releases.ReleaseRequests;
import java.util.Set;
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

    static final class Execution extends RebuildExecution {
        private static final long serialVersionUID = 1L;

        private final String from;
        private final String to;

        Execution(StepContext context, PromoteStep step) {
            super(context, step.wait, step.application);
            this.from = step.from;
            this.to = step.to;
        }

        @Override
        ReleaseRequests.Scheduled request(
                Run<?, ?> build, String application, String actor, Cause cause, TaskListener listener)
                throws AbortException {
            return ReleaseRequests.promote(build.getParent(), application, from, to, actor, cause, listener);
        }

        @Override
        String what() {
            return "the promotion from " + from + " to " + to;
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
