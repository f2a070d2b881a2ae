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
 * {@code jitploySetLock(environment: 'production', reason: 'incident', expires: '2h')}: a lock that outlives the
 * build, until it expires or {@code jitployUnlock} removes it. A step of its own because Pipeline refuses to call
 * the block step {@code jitployLock} without a block (workflow-cps {@code DSL.invokeStep}); it runs what
 * {@code jitployLock} runs when its context has no body.
 */
public final class JitploySetLockStep extends Step {
    private final String environment;
    private String reason;
    private String expires;
    private String application;

    @DataBoundConstructor
    public JitploySetLockStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    public @CheckForNull String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    /** How long the lock lasts, e.g. {@code 30m} or {@code 2h}; empty: until released. */
    public @CheckForNull String getExpires() {
        return expires;
    }

    @DataBoundSetter
    public void setExpires(String expires) {
        this.expires = Util.fixEmptyAndTrim(expires);
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
        lock.setReason(reason);
        lock.setExpires(expires);
        lock.setApplication(application);
        return lock.start(context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "jitploySetLock";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.JitploySetLockStep_displayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
