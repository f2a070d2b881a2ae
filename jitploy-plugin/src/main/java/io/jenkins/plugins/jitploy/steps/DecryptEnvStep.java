package io.jenkins.plugins.jitploy.steps;

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
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code decryptEnv(environment: 'staging') { sh './run-migrations.sh' }}: decrypts the environment's file from
 * the workspace with the environment key from Credentials and binds its variables for the block, masked in the log.
 * Modelled on credentials-binding's {@code withCredentials}: nothing is written to the workspace or build.xml.
 */
public final class DecryptEnvStep extends Step {
    private final String environment;

    @DataBoundConstructor
    public DecryptEnvStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, environment);
    }

    static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        private final String environment;

        Execution(StepContext context, String environment) {
            super(context);
            this.environment = environment;
        }

        @Override
        public boolean start() {
            run(this::bindAndRun);
            return false;
        }

        /** Runs on a pool thread: reading the workspace and decrypting must not block the CPS VM thread. */
        private void bindAndRun() throws Exception {
            StepContext context = getContext();
            Run<?, ?> build = context.get(Run.class);
            FilePath workspace = context.get(FilePath.class);
            TaskListener listener = context.get(TaskListener.class);
            ProjectContext project = ProjectContext.load(build, workspace, context.get(EnvVars.class));
            if (environment == null) {
                throw new AbortException("decryptEnv needs environment:, for example"
                        + " decryptEnv(environment: 'staging') { ... }. Declared: "
                        + project.config.environmentNames() + ".");
            }
            ProjectContext.Decrypted decrypted = project.decrypt(project.environment(environment), workspace, listener);
            listener.getLogger()
                    .println("[jitploy] Masking " + decrypted.variables().size() + " variables of environment "
                            + environment + " in this block");
            SecretVariables.bind(context.newBodyInvoker(), context, decrypted.variables(), Map.of())
                    .withCallback(new Done())
                    .start();
        }

        /** Completes the step with the body's outcome; nothing to clean up, nothing was written. */
        private final class Done extends TailCall {
            private static final long serialVersionUID = 1L;

            @Override
            protected void finished(StepContext context) {}
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "decryptEnv";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.DecryptEnvStep_displayName();
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
