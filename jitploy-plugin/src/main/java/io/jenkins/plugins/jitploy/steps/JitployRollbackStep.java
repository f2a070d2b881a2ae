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
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code jitployRollback(environment: 'production')}: rolls an environment back to its last good release (or to
 * {@code release:}), by rebuilding the pipeline that produced it pinned to its revision, as {@code promote} does;
 * waits for that deploy and returns the new release id. The core picks the target: releases marked bad are skipped,
 * and an irreversible release is not crossed without {@code force: true}.
 */
public final class JitployRollbackStep extends Step {
    private final String environment;
    private String release;
    private boolean force;
    private boolean wait = true;
    private String application;

    @DataBoundConstructor
    public JitployRollbackStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    /** The release id to return to; default: the last good release before the live one. */
    public @CheckForNull String getRelease() {
        return release;
    }

    @DataBoundSetter
    public void setRelease(String release) {
        this.release = Util.fixEmptyAndTrim(release);
    }

    public boolean isForce() {
        return force;
    }

    @DataBoundSetter
    public void setForce(boolean force) {
        this.force = force;
    }

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
        if (environment == null) {
            throw new AbortException(
                    "jitployRollback needs environment:, e.g. jitployRollback(environment: 'production').");
        }
        return new Execution(context, this);
    }

    static final class Execution extends RebuildExecution {
        private static final long serialVersionUID = 1L;

        private final String environment;
        private final String release;
        private final boolean force;

        Execution(StepContext context, JitployRollbackStep step) {
            super(context, step.wait, step.application);
            this.environment = step.environment;
            this.release = step.release;
            this.force = step.force;
        }

        @Override
        ReleaseRequests.Scheduled request(
                Run<?, ?> build, String application, String actor, Cause cause, TaskListener listener)
                throws AbortException {
            return ReleaseRequests.rollback(
                    build.getParent(),
                    application,
                    environment,
                    Optional.ofNullable(release),
                    force,
                    actor,
                    cause,
                    listener);
        }

        @Override
        String what() {
            return "the rollback of " + environment;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "jitployRollback";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.JitployRollbackStep_displayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
