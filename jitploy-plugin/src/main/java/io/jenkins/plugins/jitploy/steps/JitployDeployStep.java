package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
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
 * {@code jitployDeploy(environment: 'staging') { sh './deploy.sh' }}: takes the environment's deploy slot through
 * the engine (queue, locks, freezes, supersede, GitHub gate), records the release, runs the body with the
 * decrypted and {@code JITPLOY_*} variables, then lets the engine record the result, run the health check and
 * report to GitHub. Without {@code environment:} the branch decides, through the configured mapping; a branch that
 * maps to no environment skips the body. A build scheduled by a promotion or rollback deploys to the environment
 * recorded on it. Without a block, which Pipeline only allows through {@link JitployDeployCommandStep}, it runs
 * {@code command:} (default: the environment's {@code deploy:} command) as a durable shell task instead of a body.
 */
public final class JitployDeployStep extends Step {
    private String environment;
    private String version;
    private boolean supersede = true;
    private boolean failFast;
    private String command;
    private String forceChecks;

    @DataBoundConstructor
    public JitployDeployStep() {}

    public @CheckForNull String getEnvironment() {
        return environment;
    }

    @DataBoundSetter
    public void setEnvironment(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    /** The version label recorded on the release; defaults to the commit being built. */
    public @CheckForNull String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    /** Whether this deploy replaces older deploys of the environment still waiting in its queue (default true). */
    public boolean isSupersede() {
        return supersede;
    }

    @DataBoundSetter
    public void setSupersede(boolean supersede) {
        this.supersede = supersede;
    }

    /** Fail at once instead of waiting when the environment is locked or frozen. */
    public boolean isFailFast() {
        return failFast;
    }

    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    /**
     * Without a block ({@code jitployDeployCommand}): the shell command to deploy with; default: the environment's
     * {@code deploy:} command. It runs
     * as a durable task (like {@code sh}), with the decrypted and {@code JITPLOY_*} variables, output masked.
     */
    public @CheckForNull String getCommand() {
        return command;
    }

    @DataBoundSetter
    public void setCommand(String command) {
        this.command = Util.fixEmptyAndTrim(command);
    }

    /**
     * The reason to deploy even though the environment's required GitHub checks ({@code github.required_contexts})
     * are red, missing or unreadable; {@code null} (the default) lets red checks stop the deploy. The engine records
     * who forced it and this reason on the release. Needs nothing beyond what the deploy itself needs: Jitploy/Deploy
     * and the environment's protection.
     */
    public @CheckForNull String getForceChecks() {
        return forceChecks;
    }

    @DataBoundSetter
    public void setForceChecks(String forceChecks) {
        this.forceChecks = Util.fixEmptyAndTrim(forceChecks);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (command != null && context.hasBody()) {
            // The block deploys; ignoring command: silently would leave the user believing it ran.
            throw new AbortException("jitployDeploy { ... } deploys with its block; drop command: from it, or deploy"
                    + " with the command and no block: jitployDeployCommand(command: '...').");
        }
        return new DeployExecution(context, environment, version, supersede, failFast, command, forceChecks);
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "jitployDeploy";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.JitployDeployStep_displayName();
        }

        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class, Launcher.class, EnvVars.class);
        }
    }
}
