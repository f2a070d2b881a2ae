package io.jenkins.plugins.jitploy.steps;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Computer;
import hudson.model.Node;
import hudson.model.TaskListener;
import hudson.remoting.Channel;
import hudson.remoting.ChannelClosedException;
import hudson.remoting.RequestAbortedException;
import hudson.remoting.VirtualChannel;
import io.jitploy.deploy.DisconnectTolerance;
import io.jitploy.deploy.DisconnectTolerance.GiveUp;
import io.jitploy.deploy.DisconnectTolerance.KeepWaiting;
import io.jitploy.deploy.DisconnectTolerance.Stage;
import io.jitploy.deploy.DisconnectTolerance.Verdict;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * The agent that {@code jitployDeployCommand} runs its command on, seen from the controller, which may lose it for a
 * moment: while it is offline (no workspace in the step's context, or its channel closed or not answering) the
 * command is started or followed later, and only once {@link DisconnectTolerance} gives up is the deploy failed.
 * Modelled on workflow-durable-task-step's {@code DurableTaskStep.Execution} ({@code getWorkspace()},
 * {@code offline()}, {@code REMOTE_TIMEOUT}): a workspace that is there but no longer a directory fails at once, as
 * do failures with the agent reachable.
 *
 * <p>When the agent was first missed is kept in memory only: after a controller restart the wait starts again (the
 * enclosing {@code node} step has by then waited for the agent to reconnect itself).
 */
final class AgentWatch implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(AgentWatch.class.getName());

    /** How long to wait for an offline agent, as {@code 5m}, {@code 90s}; read on each use. */
    static final String PATIENCE_PROPERTY = AgentWatch.class.getName() + ".patience";

    /** Seconds before a call to the agent is interrupted and the agent counted as offline (as {@code sh}: 20). */
    static final long REMOTE_TIMEOUT_SECONDS = 20;

    private final String agent;

    private transient Instant firstMissing;

    private AgentWatch(String agent) {
        this.agent = agent;
    }

    /** The agent of the step's {@code node} block (known even while it is offline). */
    static AgentWatch of(StepContext context) throws IOException, InterruptedException {
        Node node = context.get(Node.class);
        return new AgentWatch(node != null ? node.getNodeName() : "(removed)");
    }

    /**
     * The step's workspace, checked to answer and to still be there, or null while the agent is offline and the
     * patience lasts (said in the build log the first time).
     *
     * @throws AgentLostException once the patience is spent
     * @throws AbortException if the workspace is no longer a directory on the agent
     */
    FilePath workspace(StepContext context, TaskListener listener, Stage stage)
            throws IOException, InterruptedException {
        FilePath workspace;
        try {
            workspace = context.get(FilePath.class);
        } catch (IOException offline) {
            // workflow-durable-task-step's FilePathTranslator: "Unable to create live FilePath for <agent>".
            return missing(listener, stage, offline);
        }
        if (workspace == null) {
            return missing(listener, stage, null);
        }
        boolean directory;
        Deadline deadline = new Deadline();
        try (deadline) {
            directory = workspace.isDirectory();
        } catch (IOException | InterruptedException e) {
            if (lost(e, deadline, workspace, listener, stage)) {
                return null;
            }
            throw e;
        }
        if (!directory) {
            throw new AbortException("The workspace " + workspace.getRemote() + " is gone from " + name()
                    + ", and the deploy command's control files with it.");
        }
        Instant since = firstMissing;
        if (since != null) {
            firstMissing = null;
            listener.getLogger().println("[jitploy] " + tolerance().backOnline(agent, since, Instant.now()));
        }
        return workspace;
    }

    /**
     * After calls to the agent under {@code deadline} failed: true (the wait started or goes on) if the agent looks
     * unreachable, false if it answers (or the thread was interrupted by someone else), so that {@code failure} is
     * real.
     *
     * @throws AgentLostException once the patience is spent
     */
    boolean lost(Exception failure, Deadline deadline, FilePath workspace, TaskListener listener, Stage stage)
            throws AgentLostException {
        boolean unreachable =
                deadline.expired() || (!(failure instanceof InterruptedException) && unreachable(failure, workspace));
        if (!unreachable) {
            return false;
        }
        LOGGER.log(Level.FINE, "could not reach " + name(), failure);
        missing(listener, stage, failure);
        return true;
    }

    private FilePath missing(TaskListener listener, Stage stage, Exception cause) throws AgentLostException {
        Verdict verdict =
                tolerance().check(agent, stage, firstMissing, Instant.now(), cause == null ? null : cause.toString());
        if (verdict instanceof KeepWaiting waiting) {
            firstMissing = waiting.since();
            waiting.announcement().ifPresent(line -> listener.getLogger().println("[jitploy] " + line));
            return null;
        }
        GiveUp giveUp = (GiveUp) verdict;
        firstMissing = null;
        throw new AgentLostException(giveUp.message(), giveUp.outcome());
    }

    private static boolean unreachable(Throwable failure, FilePath workspace) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ChannelClosedException
                    || t instanceof RequestAbortedException
                    || t instanceof EOFException) {
                return true;
            }
        }
        VirtualChannel channel = workspace.getChannel();
        if (channel instanceof Channel remote && remote.isClosingOrClosed()) {
            return true;
        }
        // Null once the channel is no longer the agent's. Not isOffline(): an agent marked temporarily offline
        // by an administrator still answers, so its failures are real.
        Computer computer = workspace.toComputer();
        return computer == null || computer.getChannel() == null;
    }

    private static DisconnectTolerance tolerance() {
        String how = "start Jenkins with -D" + PATIENCE_PROPERTY + "=15m (default: 5m)";
        try {
            return DisconnectTolerance.parse(SystemProperties.getString(PATIENCE_PROPERTY), how);
        } catch (IllegalArgumentException e) {
            LOGGER.log(Level.WARNING, PATIENCE_PROPERTY + ": " + e.getMessage() + "; using the default", e);
            return new DisconnectTolerance(DisconnectTolerance.DEFAULT_PATIENCE, how);
        }
    }

    private String name() {
        return agent.isEmpty() ? "the built-in node" : "agent " + agent;
    }

    /** The agent stayed offline longer than the patience; {@link #outcome()} is what the failed release records. */
    static final class AgentLostException extends AbortException {
        private static final long serialVersionUID = 1L;
        private final String outcome;

        AgentLostException(String message, String outcome) {
            super(message);
            this.outcome = outcome;
        }

        String outcome() {
            return outcome;
        }
    }

    /**
     * Interrupts the calling thread if calls to the agent take longer than {@link #REMOTE_TIMEOUT_SECONDS} (a channel
     * that neither answers nor closes), as workflow-support's {@code Timeout.limit} does for {@code sh}. Closing it
     * (which try-with-resources does before its {@code catch} runs) clears its own interrupt.
     */
    static final class Deadline implements AutoCloseable {
        private final Thread thread = Thread.currentThread();
        private final ScheduledFuture<?> alarm;
        private boolean closed; // guarded by this
        private boolean fired; // guarded by this

        Deadline() {
            alarm = Timer.get().schedule(this::fire, REMOTE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        private synchronized void fire() {
            if (!closed) {
                fired = true;
                thread.interrupt();
            }
        }

        /** Whether it interrupted the thread: the agent did not answer in time. */
        synchronized boolean expired() {
            return fired;
        }

        @Override
        public void close() {
            boolean interrupted;
            synchronized (this) {
                closed = true;
                interrupted = fired;
            }
            alarm.cancel(false);
            if (interrupted) {
                Thread.interrupted(); // its own interrupt: the thread goes on, the agent counts as offline
            }
        }
    }
}
