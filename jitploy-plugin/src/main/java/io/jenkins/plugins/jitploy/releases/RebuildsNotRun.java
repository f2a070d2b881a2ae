package io.jenkins.plugins.jitploy.releases;

import hudson.Extension;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import hudson.model.queue.QueueListener;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jitploy.deploy.RebuildAttempt;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells the engine about promotions and rollbacks whose rebuild never deployed, whoever asked for them (a step that
 * waits or not, or the engine's automatic rollback): the attempt is recorded as an aborted release with the reason
 * ({@code DeployOrchestrator#recordRebuildNotRun}), and an automatic rollback waiting for it hears that it failed. A
 * rebuild whose deploy step ran is recorded by that step, not here.
 */
public final class RebuildsNotRun {
    private static final Logger LOGGER = Logger.getLogger(RebuildsNotRun.class.getName());

    private RebuildsNotRun() {}

    /** The attempt the rebuild carries out. */
    public static RebuildAttempt attempt(DeployTargetAction target) {
        return new RebuildAttempt(
                target.getSourceReleaseId(), target.getEnvironment(), target.getTrigger(), target.getRequestedBy());
    }

    /** Records the attempt in the store of {@code item}'s top-level item, off the caller's thread (a ledger write). */
    public static void record(Item item, DeployTargetAction target, String why) {
        Computer.threadPoolForRemoting.execute(() -> recordNow(item, target, why));
    }

    private static void recordNow(Item item, DeployTargetAction target, String why) {
        try {
            // Recorded by whoever settles the request first: never twice, and not after its deploy ran.
            JitployRuntime.existing(item)
                    .ifPresent(runtime -> runtime.pendingRebuilds()
                            .settle(target.getRequestId())
                            .ifPresent(pending -> runtime.orchestrator().recordRebuildNotRun(attempt(target), why)));
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Could not record that " + why, e);
        }
    }

    /** A rebuild cancelled in the queue: by someone, or because its job was disabled or deleted. */
    @Extension
    public static final class Cancelled extends QueueListener {
        @Override
        public void onLeft(Queue.LeftItem left) {
            DeployTargetAction target = left.getAction(DeployTargetAction.class);
            if (!left.isCancelled() || target == null || !(left.task instanceof Item item)) {
                return;
            }
            String why = "The build of " + item.getFullName() + " for "
                    + attempt(target).describe()
                    + " was cancelled in the build queue before it started; nothing was deployed.";
            RollbackBuilds.notRun(target.getRequestId(), why);
            record(item, target, why);
        }
    }

    /** A rebuild that ended before its deploy step recorded a release (failed checkout, aborted, refused). */
    @Extension
    public static final class EndedWithoutDeploy extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(Run<?, ?> run) {
            DeployTargetAction target = run.getAction(DeployTargetAction.class);
            if (target == null || run.getAction(ReleaseAction.class) != null) {
                return;
            }
            record(
                    run.getParent(),
                    target,
                    "The build " + run.getFullDisplayName() + " for "
                            + attempt(target).describe() + " ended " + run.getResult()
                            + " without deploying; see its log.");
        }
    }
}
