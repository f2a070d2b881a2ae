package io.jenkins.plugins.jitploy.releases;

import hudson.AbortException;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.listeners.RunListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.deploy.DeployReport;
import io.jitploy.ledger.Trigger;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's automatic rollback (after a failed health check with {@code auto_rollback}) done the Jenkins way:
 * the core decides the target and calls {@link #launch}; the plugin rebuilds the pipeline that produced the target
 * release, pinned to it. The rebuild's {@code jitployDeploy} reports back through {@link #reported}.
 */
public final class RollbackBuilds {
    /** In memory: after a controller restart nobody waits for these reports any more, the builds still run. */
    private static final Map<String, CompletableFuture<DeployReport>> PENDING = new ConcurrentHashMap<>();

    private RollbackBuilds() {}

    /** Schedules the rollback build; the future completes when its deploy is reported. */
    public static CompletableFuture<DeployReport> launch(JitployRuntime runtime, DeployIntent rollback) {
        CompletableFuture<DeployReport> report = new CompletableFuture<>();
        // The engine calls this from whichever thread finished the health check, which carries no Jenkins
        // authentication; finding the build that deployed the target (Run.fromExternalizableId) needs Item/Read.
        // An automatic rollback is the system's own action.
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            String requestId = PinnedRebuild.schedule(
                            runtime, rollback.rollbackOf(), rollback.environment(), Trigger.ROLLBACK, null, null)
                    .requestId();
            PENDING.put(requestId, report);
        } catch (AbortException e) {
            report.completeExceptionally(e);
        }
        return report;
    }

    /** Called by the deploy step of a build scheduled by a promotion or rollback when its deploy is reported. */
    public static void reported(String requestId, DeployReport report) {
        CompletableFuture<DeployReport> pending = PENDING.remove(requestId);
        if (pending != null) {
            pending.complete(report);
        }
    }

    /** The rollback build will never report: it was cancelled in the queue, or ended before deploying. */
    static void notRun(String requestId, String why) {
        CompletableFuture<DeployReport> pending = PENDING.remove(requestId);
        if (pending != null) {
            pending.completeExceptionally(new AbortException(why));
        }
    }

    /** A rollback build that ended without reporting a deploy (failed before, or aborted). */
    @Extension
    public static final class Ended extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(Run<?, ?> run) {
            DeployTargetAction target = run.getAction(DeployTargetAction.class);
            if (target == null) {
                return;
            }
            notRun(
                    target.getRequestId(),
                    "The rollback build " + run.getFullDisplayName() + " ended " + run.getResult()
                            + " before deploying; see its log.");
        }
    }
}
