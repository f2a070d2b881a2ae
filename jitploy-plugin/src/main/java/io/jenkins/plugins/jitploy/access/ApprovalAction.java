package io.jenkins.plugins.jitploy.access;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import hudson.model.User;
import hudson.security.Permission;
import io.jenkins.plugins.jitploy.JitployPermissions;
import io.jitploy.access.Action;
import io.jitploy.access.Actor;
import io.jitploy.access.Approval;
import io.jitploy.access.ApprovalStatus;
import io.jitploy.access.EnvironmentAccess;
import io.jitploy.config.Protection;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import jenkins.model.RunAction2;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * The approvals of a build's deploy to one environment, saved with the build (so they survive a restart), and the
 * page where people approve it ({@code …/jitploy-approval-ENVIRONMENT/}). The core counts them ({@link
 * EnvironmentAccess#approvals}); this action stores who approved when, and wakes the waiting {@code jitployDeploy}
 * ({@link ApprovalWaiter}).
 */
public final class ApprovalAction implements RunAction2 {
    private final String environment;
    private String action;
    private String requester;
    private List<String> deployers;
    private List<String> promoters;
    private int required;
    private boolean open;
    private final List<Entry> approvals = new ArrayList<>();

    private transient Run<?, ?> run;

    /** One approval as saved in {@code build.xml}: names and a time only. */
    static final class Entry {
        private final String userId;
        private final List<String> groups;
        private final long at;

        Entry(Approval approval) {
            this.userId = approval.approver().id();
            // Plain lists: build.xml is written by XStream, which cannot read the JDK's immutable collections back.
            this.groups = new ArrayList<>(approval.approver().groups());
            this.at = approval.at().toEpochMilli();
        }

        Approval toApproval() {
            return new Approval(Actor.of(userId, groups == null ? List.of() : groups), Instant.ofEpochMilli(at));
        }
    }

    ApprovalAction(String environment) {
        this.environment = environment;
    }

    /** What the deploy needs now: called each time the step checks, since the configuration may have changed. */
    synchronized void require(Action action, String requester, Protection protection) {
        this.action = action.name();
        this.requester = requester;
        this.deployers = new ArrayList<>(protection.deployers());
        this.promoters = new ArrayList<>(protection.promoters());
        this.required = protection.requiredApprovals();
        this.open = true;
    }

    /** The deploy started or stopped: nothing waits any more. */
    synchronized void close() {
        open = false;
    }

    public String getEnvironment() {
        return environment;
    }

    public synchronized boolean isOpen() {
        return open;
    }

    /** The approvals given so far, earliest first. */
    public synchronized List<Approval> approvals() {
        return approvals.stream().map(Entry::toApproval).toList();
    }

    /** How far the deploy is from its required approvals, as the core counts them. */
    public synchronized ApprovalStatus status() {
        return status(approvals());
    }

    private ApprovalStatus status(List<Approval> given) {
        Protection protection = new Protection(deployers, promoters, List.of(), required, List.of());
        return EnvironmentAccess.of(environment, protection)
                .approvals(Action.valueOf(action), Actor.named(requester), given);
    }

    /** For the page: "1 of 2 approvals for production (bob); 1 more needed from …". */
    public String getStatusText() {
        return status().describe();
    }

    public @CheckForNull Run<?, ?> getRun() {
        return run;
    }

    /**
     * Approves the deploy as the current user. Needs <i>Jitploy/Deploy</i> on the job (<i>Jitploy/Promote</i> for
     * a promotion); the core then counts the approval only from someone other than the requester and, when the
     * environment names deployers or promoters, from one of them. An approval that would not count is refused
     * with the reason, and nothing is saved.
     */
    @RequirePOST
    public HttpResponse doApprove() throws IOException {
        Run<?, ?> build = run;
        if (build == null) {
            throw HttpResponses.notFound();
        }
        build.getParent().checkPermission(permission());
        if (User.current() == null) {
            throw HttpResponses.errorWithoutStack(403, "Log in to approve a deploy.");
        }
        Approval approval = new Approval(Actors.current(), Instant.now());
        synchronized (this) {
            if (!open || !build.isBuilding()) {
                throw HttpResponses.errorWithoutStack(
                        409, "No deploy of " + build.getFullDisplayName() + " waits for approval.");
            }
            List<Approval> given = new ArrayList<>(approvals());
            given.add(approval);
            ApprovalStatus after = status(given);
            for (ApprovalStatus.Ignored ignored : after.ignored()) {
                if (ignored.approval() == approval) {
                    throw HttpResponses.errorWithoutStack(
                            403,
                            "Your approval does not count: "
                                    + approval.approver().id() + " " + ignored.reason() + ". " + status().describe());
                }
            }
            approvals.add(new Entry(approval));
        }
        build.save();
        StepExecution.acceptAll(execution -> {
            if (execution instanceof ApprovalWaiter waiter) {
                waiter.approvalGiven(build);
            }
        });
        return HttpResponses.redirectToDot();
    }

    private synchronized Permission permission() {
        return Action.PROMOTE.name().equals(action) ? JitployPermissions.PROMOTE : JitployPermissions.DEPLOY;
    }

    @Override
    public String getIconFileName() {
        return isOpen() ? "symbol-check" : null;
    }

    @Override
    public String getDisplayName() {
        return "Approve deploy to " + environment;
    }

    @Override
    public String getUrlName() {
        return "jitploy-approval-" + environment;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }
}
