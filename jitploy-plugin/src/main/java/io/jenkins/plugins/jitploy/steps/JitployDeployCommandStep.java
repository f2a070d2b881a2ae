package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Launcher;
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
 * {@code jitployDeployCommand(environment: 'preview', command: './deploy.sh --preview')}: {@code jitployDeploy}
 * without a block, running {@code command:} (default: the environment's {@code deploy:} command) as a durable shell
 * task. A step of its own because Pipeline refuses to call a step that takes a block without one (workflow-cps
 * {@code DSL.invokeStep}: "must be called with a body"); it runs exactly what {@code jitployDeploy} runs when its
 * context has no body.
 */
public final class JitployDeployCommandStep extends Step {
    private String environment;
    private String command;
    private String version;
    private boolean supersede = true;
    private boolean failFast;
    private String forceChecks;

    @DataBoundConstructor
    public JitployDeployCommandStep() {}

    public @CheckForNull String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    /** The shell command that deploys; default: the environment's {@code deploy:} command. */
    public @CheckForNull String getCommand() {
        return command;
    }

    @DataBoundSetter
    public void setCommand(String command) {
        this.command = Util.fixEmptyAndTrim(command);
    }

    public @CheckForNull String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    public boolean isSupersede() {
        return supersede;
    }

    @DataBoundSetter
    public void setSupersede(boolean supersede) {
        this.supersede = supersede;
    }

    public boolean isFailFast() {
        return failFast;
    }

    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    /** The reason to deploy even though the required GitHub checks are red; see {@link JitployDeployStep}. */
    public @CheckForNull String getForceChecks() {
        return forceChecks;
    }

    @DataBoundSetter
    public void setForceChecks(String forceChecks) {
        this.forceChecks = Util.fixEmptyAndTrim(forceChecks);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        JitployDeployStep deploy = new JitployDeployStep();
        deploy.setEnvironment(environment);
        deploy.setCommand(command);
        deploy.setVersion(version);
        deploy.setSupersede(supersede);
        deploy.setFailFast(failFast);
        deploy.setForceChecks(forceChecks);
        return deploy.start(context);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "jitployDeployCommand";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.JitployDeployCommandStep_displayName();
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class, EnvVars.class);
        }
    }
}
