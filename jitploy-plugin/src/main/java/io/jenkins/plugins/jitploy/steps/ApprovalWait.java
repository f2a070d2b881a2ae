package io.jenkins.plugins.jitploy.steps;

import hudson.AbortException;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.access.EnvironmentGuard;
import io.jitploy.access.ApprovalStatus;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.deploy.DeployIntent;
import java.io.IOException;
import java.io.Serializable;
import java.util.function.BooleanSupplier;

/**
 * A deploy's wait for the approvals its environment requires, without a thread: each approval given on the build's
 * page (and a restart) checks again. Checks run one at a time, so that the deploy starts once. Saved with the step:
 * whether it waits, for which build, and what is missing.
 */
final class ApprovalWait implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Waiting for approvals of {@link #waitingBuild}; {@link #approvalStatus} says what is missing. */
    private volatile boolean awaitingApprovals;

    private String waitingBuild;
    private String approvalStatus;

    /** Guarded by {@code this}: a check is under way, and whether an approval arrived during it. */
    private transient boolean checking;

    private transient boolean checkAgain;

    /** A check, which decides whether the deploy waits (through {@link #approved}) or starts. */
    @FunctionalInterface
    interface Check {
        void run() throws Exception;
    }

    /** Runs a check off the CPS thread ({@code GeneralNonBlockingStepExecution.run}). */
    @FunctionalInterface
    interface Background {
        void run(Check check);
    }

    /**
     * Runs {@code check} in the background, never twice at once: if one is under way, it checks again once done, so
     * that an approval that arrives during a check is not missed; until the deploy no longer waits or has
     * {@code started}.
     */
    void checkOneAtATime(Background background, Check check, BooleanSupplier started) {
        synchronized (this) {
            if (checking) {
                checkAgain = true;
                return;
            }
            checking = true;
        }
        background.run(() -> {
            boolean again;
            boolean released = false;
            try {
                do {
                    synchronized (this) {
                        checkAgain = false;
                    }
                    check.run();
                    // Deciding and letting go in one step: an approval that came after the decision but before
                    // checking was cleared would find a check under way, leave it checkAgain, and never be checked.
                    synchronized (this) {
                        again = checkAgain && awaitingApprovals && !started.getAsBoolean();
                        if (!again) {
                            checking = false;
                            released = true;
                        }
                    }
                } while (again);
            } finally {
                if (!released) {
                    synchronized (this) {
                        checking = false; // the check (prepare()) failed; the step fails with it
                    }
                }
            }
        });
    }

    /**
     * Whether the environment's protection lets the deploy of {@code intent} start now; if not, the deploy waits for
     * the approvals that are missing.
     *
     * @throws AbortException if the protection refuses the deploy
     */
    boolean approved(Run<?, ?> build, DeployIntent intent, EnvironmentSpec spec, TaskListener listener)
            throws IOException {
        // Waiting before the check, so that an approval given during it is checked again, not missed.
        awaitingApprovals = true;
        waitingBuild = build.getExternalizableId();
        ApprovalStatus approvals;
        try {
            approvals = EnvironmentGuard.checkDeploy(build, intent, spec, listener);
        } catch (AbortException refused) {
            awaitingApprovals = false;
            throw refused;
        }
        if (!approvals.isSatisfied()) {
            approvalStatus = approvals.describe();
            return false;
        }
        awaitingApprovals = false;
        return true;
    }

    boolean waiting() {
        return awaitingApprovals;
    }

    /** Whether the deploy waits for approvals given on {@code build}. */
    boolean waitsFor(Run<?, ?> build) {
        return build.getExternalizableId().equals(waitingBuild);
    }

    /** What is missing, or null before the first check found approvals missing. */
    String status() {
        return approvalStatus;
    }

    /** Stops waiting: true if the deploy was waiting, and the build's approval page must be closed. */
    boolean stopWaiting() {
        if (!awaitingApprovals) {
            return false;
        }
        awaitingApprovals = false;
        return true;
    }
}
