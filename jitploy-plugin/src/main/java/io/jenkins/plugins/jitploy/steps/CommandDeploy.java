package io.jenkins.plugins.jitploy.steps;

import hudson.EnvVars;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jitploy.deploy.DeployOutcome;
import io.jitploy.deploy.DeployStart;
import io.jitploy.deploy.DisconnectTolerance.Stage;
import java.io.IOException;
import java.io.Serializable;
import java.util.regex.Pattern;
import org.jenkinsci.plugins.credentialsbinding.masking.SecretPatterns;
import org.jenkinsci.plugins.durabletask.BourneShellScript;
import org.jenkinsci.plugins.durabletask.Controller;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The deploy command of {@code jitployDeployCommand} (the form without a block), run as a durable shell task in the
 * workspace, as {@code sh} does, with the decrypted and {@code JITPLOY_*} variables in its environment (never in the
 * script), and polled: its output is copied, masked, to the build log, and its exit status reported to the engine.
 * Saved with the step: the command, its durable task, the masking pattern (encrypted) and the agent it runs on.
 */
final class CommandDeploy implements Serializable {
    private static final long serialVersionUID = 1L;

    private String command;
    private Controller controller;
    private Secret maskPattern;
    /** The agent the command runs on, which may go offline for a while (null before the command form starts). */
    private AgentWatch agentWatch;

    /**
     * The masked copy of the command's output, kept from one poll to the next: a poll may end inside a line, and a
     * line is masked only once whole, so a secret split between two polls is still masked.
     */
    private transient SecretPatterns.MaskingOutputStream maskedLog;

    CommandDeploy(String command) {
        this.command = command;
    }

    void setCommand(String command) {
        this.command = command;
    }

    /** Whether the command was started on the agent (it then keeps running there, also across a restart). */
    boolean launched() {
        return controller != null;
    }

    /**
     * Starts the command in the step's workspace, with the deploy's variables: returns that workspace, or null while
     * the agent is offline (then nothing was started).
     */
    FilePath launch(StepContext context, DeployStart start, String environment, ProjectContext.Decrypted decrypted)
            throws Exception {
        TaskListener listener = context.get(TaskListener.class);
        FilePath workspace = agentWatch(context).workspace(context, listener, Stage.LAUNCH);
        if (workspace == null) {
            return null;
        }
        EnvVars env = new EnvVars(context.get(EnvVars.class));
        env.putAll(start.variables());
        env.putAll(decrypted.variables());
        if (!decrypted.variables().isEmpty()) {
            maskPattern = Secret.fromString(SecretPatterns.getAggregateSecretPattern(
                            decrypted.variables().values())
                    .pattern());
        }
        // What the GitHub gate said (green, or who forced it past red checks) before the command line.
        start.gateNote().ifPresent(note -> listener.getLogger().println("[jitploy] " + note));
        listener.getLogger()
                .println("[jitploy] Deploying release " + start.releaseId() + " to " + environment + ": " + command);
        controller = new BourneShellScript(command).launch(env, workspace, context.get(Launcher.class), listener);
        return workspace;
    }

    /** Stops the launched command. */
    void stop(FilePath workspace, Launcher launcher) throws IOException, InterruptedException {
        controller.stop(workspace, launcher);
    }

    private AgentWatch agentWatch(StepContext context) throws IOException, InterruptedException {
        if (agentWatch == null) {
            agentWatch = AgentWatch.of(context); // also for a command started before there was one
        }
        return agentWatch;
    }

    /**
     * Copies new output (masked) to the build log; reports the exit status of run {@code runId} once the command
     * ended, and then returns true. While the agent is offline (or does not answer), returns false, to be polled on
     * until {@link AgentWatch} gives up.
     */
    boolean poll(StepContext context, String runId) throws Exception {
        TaskListener listener = context.get(TaskListener.class);
        AgentWatch agent = agentWatch(context);
        FilePath workspace = agent.workspace(context, listener, Stage.RUNNING);
        if (workspace == null) {
            return false;
        }
        Integer status;
        AgentWatch.Deadline deadline = new AgentWatch.Deadline();
        try (deadline) {
            status = followCommand(workspace, context.get(Launcher.class), listener, context.get(Run.class));
        } catch (Exception e) {
            if (agent.lost(e, deadline, workspace, listener, Stage.RUNNING)) {
                return false; // the exit status waits on the agent until it answers again
            }
            throw e;
        }
        if (status == null) {
            return false;
        }
        // The exit status first: cleaning up needs the agent, and failing there must not turn a deploy that ended
        // into a failed one, or fail the step after its deploy was recorded.
        LiveRuns.report(
                runId,
                status == 0
                        ? DeployOutcome.succeeded()
                        : DeployOutcome.failed("the deploy command exited with status " + status));
        // Under a deadline, as the rest: a channel that neither answers nor closes must not hold this thread.
        AgentWatch.Deadline cleanupDeadline = new AgentWatch.Deadline();
        try (cleanupDeadline) {
            controller.cleanup(workspace);
        } catch (IOException | InterruptedException e) {
            listener.getLogger().println("[jitploy] Could not remove the deploy command's control files: " + e);
        }
        return true;
    }

    /** New output to the build log, and the exit status once the command ended (then all of its output). */
    private Integer followCommand(FilePath workspace, Launcher launcher, TaskListener listener, Run<?, ?> build)
            throws Exception {
        copyLog(workspace, listener, build);
        Integer status = controller.exitStatus(workspace, launcher, listener);
        if (status == null) {
            return null;
        }
        copyLog(workspace, listener, build);
        SecretPatterns.MaskingOutputStream masked = maskedLog;
        if (masked != null) {
            masked.forceEol(); // the command has ended: its last line, even without a newline, is complete
        }
        return status;
    }

    private void copyLog(FilePath workspace, TaskListener listener, Run<?, ?> build) throws Exception {
        Secret pattern = maskPattern;
        if (pattern == null) {
            controller.writeLog(workspace, listener.getLogger());
            return;
        }
        SecretPatterns.MaskingOutputStream masked = maskedLog;
        if (masked == null) {
            masked = new SecretPatterns.MaskingOutputStream(
                    listener.getLogger(),
                    () -> Pattern.compile(pattern.getPlainText()),
                    build.getCharset().name());
            maskedLog = masked;
        }
        controller.writeLog(workspace, masked);
        masked.flush(); // whole lines through to the build log; an unfinished line waits for the next poll
    }
}
