package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.Messages;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code jitployUnlock(environment: 'production')}: removes a lock set by {@code jitploySetLock}, when this build
 * runs for the lock's owner (the same user, or for builds not started by a user the same job). Runs what
 * {@code jitployLock(release: true)} would, which Pipeline cannot call without a block.
 */
public final class JitployUnlockStep extends Step {
    private final String environment;
    private String application;

    @DataBoundConstructor
    public JitployUnlockStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
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
        JitployLockStep lock = new JitployLockStep(environment);
        lock.setRelease(true);
        lock.setApplication(application);
        return lock.start(context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "jitployUnlock";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.JitployUnlockStep_displayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
