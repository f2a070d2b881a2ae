package io.jenkins.plugins.jitploy.access;

import hudson.AbortException;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.PinnedRebuild;
import io.jitploy.access.AccessDecision;
import io.jitploy.access.Action;
import io.jitploy.access.Actor;
import io.jitploy.access.ApprovalStatus;
import io.jitploy.access.EnvironmentAccess;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.deploy.DeployIntent;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;

/**
 * The environment's protection for the steps, decided by the core ({@code io.jitploy.access}) with the person who
 * asked: the user who started the build (or asked for the promotion or rollback it runs), else {@code jenkins}. A
 * deploy's own user can be a lock's owner inside {@code jitployLock}, which is no person, so the core's decision is
 * asked on a copy of the intent that names the person. Promotions and rollbacks are decided when requested
 * ({@code ReleaseRequests}, through the core's {@code PromotionService}).
 */
public final class EnvironmentGuard {
    private EnvironmentGuard() {}

    /**
     * Refuses a deploy the protection forbids, and counts its approvals, logging what it waits for. When approvals
     * are missing, the build gets an {@link ApprovalAction} where people approve it.
     *
     * @return the approval status: start the deploy when it {@link ApprovalStatus#isSatisfied() is satisfied}
     * @throws AbortException with the core's explanation (who may deploy, how to get access) when refused
     */
    public static ApprovalStatus checkDeploy(
            Run<?, ?> build, DeployIntent intent, EnvironmentSpec spec, TaskListener listener) throws IOException {
        Actor person = Actors.withGroups(person(build));
        ApprovalAction approvals = approvalsOf(build, spec.name());
        DeployIntent asked = intent.toBuilder()
                .user(person.id())
                .userGroups(person.groups())
                .protection(spec.protection())
                .approvals(approvals == null ? List.of() : approvals.approvals())
                .build();
        Optional<AccessDecision> access = asked.access();
        if (access.isPresent() && !access.get().isAllowed()) {
            throw new AbortException(access.get().message());
        }
        ApprovalStatus status = asked.approvalStatus();
        if (status.required() == 0) {
            return status;
        }
        if (status.isSatisfied()) {
            listener.getLogger().println("[jitploy] Approved: " + status.describe());
            if (approvals != null) {
                approvals.close();
                build.save();
            }
            return status;
        }
        if (approvals == null) {
            approvals = new ApprovalAction(spec.name());
            build.addAction(approvals);
        }
        approvals.require(Action.of(intent.trigger()), person.id(), spec.protection());
        build.save();
        String root = Jenkins.get().getRootUrl();
        listener.getLogger()
                .println("[jitploy] Waiting for approval: " + status.describe() + " Approve at "
                        + (root == null ? "" : root) + build.getUrl() + approvals.getUrlName() + "/");
        return status;
    }

    /**
     * Refuses a {@code jitployLock} (or its {@code release: true}) that the environment's {@code lockers} (else
     * {@code deployers}) do not allow.
     *
     * @throws AbortException with the core's explanation
     */
    public static void checkLock(Run<?, ?> build, Optional<EnvironmentSpec> spec, boolean unlock)
            throws AbortException {
        if (spec.isEmpty()) {
            return; // an environment nobody declared has no protection to enforce
        }
        AccessDecision decision = EnvironmentAccess.of(spec.get())
                .decide(Actors.withGroups(person(build)), unlock ? Action.UNLOCK : Action.LOCK, Optional.empty());
        if (!decision.isAllowed()) {
            throw new AbortException(decision.message());
        }
    }

    /** The deploy stopped while it waited: its page no longer offers to approve. */
    public static void stopWaiting(Run<?, ?> build, String environment) throws IOException {
        ApprovalAction approvals = approvalsOf(build, environment);
        if (approvals != null) {
            approvals.close();
            build.save();
        }
    }

    private static ApprovalAction approvalsOf(Run<?, ?> build, String environment) {
        return build.getActions(ApprovalAction.class).stream()
                .filter(a -> a.getEnvironment().equals(environment))
                .findFirst()
                .orElse(null);
    }

    /** Who asked: the promotion's or rollback's requester, else the user who started the build. */
    static String person(Run<?, ?> build) {
        DeployTargetAction target = PinnedRebuild.targetOf(build);
        if (target != null && target.getRequestedBy() != null) {
            return target.getRequestedBy();
        }
        Cause.UserIdCause cause = build.getCause(Cause.UserIdCause.class);
        return cause != null && cause.getUserId() != null ? cause.getUserId() : "jenkins";
    }
}
