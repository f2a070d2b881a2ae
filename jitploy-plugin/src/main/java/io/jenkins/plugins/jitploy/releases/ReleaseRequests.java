package io.jenkins.plugins.jitploy.releases;

import hudson.AbortException;
import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.JitployPermissions;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.access.Actors;
import io.jenkins.plugins.jitploy.folder.FolderEnvironments;
import io.jitploy.access.AccessRefusedException;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.Trigger;
import io.jitploy.promotion.PromotionPlan;
import io.jitploy.promotion.PromotionRefusedException;
import io.jitploy.promotion.RollbackPlan;
import io.jitploy.promotion.RollbackRefusedException;
import java.util.Optional;

/**
 * Promotion and rollback requests, from a Pipeline step or (next) a button in the Releases view: check the Jenkins
 * permission, let the core decide what may go where, then rebuild the producing pipeline pinned to the chosen
 * release. Both callers go through here so that they behave the same.
 */
public final class ReleaseRequests {
    private ReleaseRequests() {}

    /** A scheduled pinned rebuild: the release it deploys again, and where the rebuild is. */
    public record Scheduled(PinnedRebuild.Queued rebuild, String releaseId, String version) {}

    /**
     * Promotes what is live and healthy in {@code from} to {@code to}.
     *
     * @param item the job or folder the request is made from (permission context)
     * @param actor the Jenkins user id that asked; the environment's protection decides with their groups
     * @param cause why the rebuild runs, shown on it: the user, or the build that asked
     * @throws AbortException when refused, with the core's reason (including who may promote into {@code to})
     */
    public static Scheduled promote(
            Item item, String application, String from, String to, String actor, Cause cause, TaskListener listener)
            throws AbortException {
        item.checkPermission(JitployPermissions.PROMOTE);
        JitployRuntime runtime = JitployRuntime.of(item);
        runtime.applyFolder(application, FolderEnvironments.of(item).toFolderDefaultsOrAbort());
        PromotionPlan plan;
        try {
            plan = runtime.promotions().planPromotion(application, from, to, Actors.withGroups(actor));
        } catch (PromotionRefusedException | AccessRefusedException e) {
            throw new AbortException(
                    "Promotion of " + application + " from " + from + " to " + to + " refused: " + e.getMessage());
        }
        listener.getLogger()
                .println("[jitploy] Promoting " + application + " " + label(plan.candidate())
                        + " from " + from + " to " + to
                        + plan.replaces()
                                .map(r -> " (replacing " + label(r) + ")")
                                .orElse("")
                        + plan.configDiff()
                                .map(d -> "; config keys changing in " + to + ": " + d.describe())
                                .orElse(""));
        PinnedRebuild.Queued rebuild =
                PinnedRebuild.schedule(runtime, plan.candidate().id(), to, Trigger.PROMOTE, actor, cause);
        return new Scheduled(rebuild, plan.candidate().id(), plan.candidate().version());
    }

    /**
     * Rolls {@code environment} back to {@code target} or, when empty, to the last good release before the live
     * one, as the core picks it (skipping releases marked bad, refusing to cross an irreversible one unless
     * {@code force}).
     */
    public static Scheduled rollback(
            Item item,
            String application,
            String environment,
            Optional<String> target,
            boolean force,
            String actor,
            Cause cause,
            TaskListener listener)
            throws AbortException {
        item.checkPermission(JitployPermissions.PROMOTE);
        JitployRuntime runtime = JitployRuntime.of(item);
        runtime.applyFolder(application, FolderEnvironments.of(item).toFolderDefaultsOrAbort());
        RollbackPlan plan;
        try {
            plan = runtime.promotions().planRollback(application, environment, target, force, Actors.withGroups(actor));
        } catch (RollbackRefusedException | AccessRefusedException e) {
            throw new AbortException(
                    "Rollback of " + application + " in " + environment + " refused: " + e.getMessage());
        }
        listener.getLogger()
                .println("[jitploy] Rolling " + application + " in " + environment + " back from "
                        + label(plan.from()) + " to " + label(plan.target()) + "; config keys changing: "
                        + plan.configDiff().describe());
        PinnedRebuild.Queued rebuild =
                PinnedRebuild.schedule(runtime, plan.target().id(), environment, Trigger.ROLLBACK, actor, cause);
        return new Scheduled(rebuild, plan.target().id(), plan.target().version());
    }

    /** "v1.2 (abc1234, release r-17)": names and versions only. */
    static String label(Release release) {
        String sha = release.sha() == null ? "?" : release.sha();
        return release.version() + " (" + (sha.length() > 7 ? sha.substring(0, 7) : sha) + ", release " + release.id()
                + ")";
    }
}
