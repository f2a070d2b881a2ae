package io.jenkins.plugins.jitploy;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TopLevelItem;
import hudson.model.listeners.ItemListener;
import hudson.model.listeners.RunListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jitploy.coordination.EnvironmentLock;
import io.jitploy.deploy.PendingRebuilds;
import io.jitploy.ledger.Release;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.SystemProperties;
import jenkins.util.Timer;

/**
 * Ends deploys that a controller crash left without an owner. A deploy's ticket is saved in {@code coordinator.json}
 * as it is queued, but its build records the run id a moment later; if the controller stops in between, or the build
 * never resumes, the restored ticket would hold or block its environment forever.
 *
 * <p>Once Jenkins has started and is not quieting down (Pipelines resume their steps only then), every store whose
 * saved queue holds deploys is opened and its restored deploys whose build is gone or no longer building are recorded aborted and
 * leave the queue ({@link JitployRuntime#abandonOrphanedDeploys}). A build that is still building keeps its deploys:
 * its step may yet resume. The same goes for the locks of {@code jitployLock} blocks ({@link
 * JitployRuntime#releaseOrphanedLocks}): a build that died with the controller is marked finished when it is loaded,
 * without the end of build that would release them. When a build ends, its store is checked again. A deploy with no recorded build at all is
 * abandoned after a grace period (system property {@code io.jenkins.plugins.jitploy.OrphanedDeploys.graceSeconds},
 * default 300) that leaves the resumed steps time to re-attach.
 */
@Extension
public final class OrphanedDeploys extends ItemListener {
    private static final Logger LOGGER = Logger.getLogger(OrphanedDeploys.class.getName());
    private static final long STARTUP_POLL_SECONDS = 5;

    private final long graceSeconds = SystemProperties.getLong(OrphanedDeploys.class.getName() + ".graceSeconds", 300L);

    /** The grace period is over: a deploy with no recorded build is abandoned as well. */
    volatile boolean settled;

    /** All items are loaded; Pipelines are about to resume. */
    @Override
    public void onLoaded() {
        Timer.get().schedule(this::whenStarted, STARTUP_POLL_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Jitploy installed into a running controller (dynamic load) gets no {@link #onLoaded}, yet stores left by an
     * earlier installation may hold deploys and locks that no build will resume: the same checks start now. At a
     * normal start this runs before Jenkins has started, and {@link #onLoaded} starts them.
     */
    @Initializer(after = InitMilestone.JOB_CONFIG_ADAPTED)
    public static void installedWhileRunning() {
        if (Jenkins.get().getInitLevel() == InitMilestone.COMPLETED) {
            ExtensionList.lookupSingleton(OrphanedDeploys.class).onLoaded();
        }
    }

    private void whenStarted() {
        Jenkins jenkins = Jenkins.get();
        if (jenkins.isTerminating()) {
            return;
        }
        if (jenkins.getInitLevel() != InitMilestone.COMPLETED || jenkins.isQuietingDown()) {
            Timer.get().schedule(this::whenStarted, STARTUP_POLL_SECONDS, TimeUnit.SECONDS);
            return;
        }
        reconcileStores(false);
        Timer.get()
                .schedule(
                        () -> {
                            settled = true;
                            reconcileStores(true);
                        },
                        graceSeconds,
                        TimeUnit.SECONDS);
    }

    /**
     * Every store that is open or has deploys or block locks in its saved state: opening it restores them, then
     * orphans end.
     */
    private void reconcileStores(boolean lostRebuildsToo) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (TopLevelItem item : Jenkins.get().getItems()) {
                boolean mayHoldOrphans;
                try {
                    mayHoldOrphans = JitployRuntime.mayHoldOrphans(item);
                } catch (IOException | RuntimeException e) {
                    // Unreadable saved queue: opening the store fails the same way, and says so when it is used.
                    LOGGER.log(Level.WARNING, "Jitploy could not read the saved queue of " + item.getFullName(), e);
                    continue;
                }
                if (mayHoldOrphans) {
                    reconcile(item, lostRebuildsToo);
                }
            }
        }
    }

    private void reconcile(Item item, boolean lostRebuildsToo) {
        JitployRuntime runtime;
        try {
            runtime = JitployRuntime.of(item);
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Jitploy could not check the restored deploys of " + item.getFullName(), e);
            return;
        }
        reconcile(item, runtime, lostRebuildsToo);
    }

    /**
     * @param lostRebuildsToo whether to look for rebuilds a restart lost: once, when the queue and the builds have had
     *     the grace period to come back, never on every build's end (a rebuild leaving the queue for an executor is
     *     briefly neither queued nor a build)
     */
    private void reconcile(Item item, JitployRuntime runtime, boolean lostRebuildsToo) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (Release release : runtime.abandonOrphanedDeploys(settled)) {
                LOGGER.warning(() -> "Jitploy: release " + release.id() + " (" + release.application() + " "
                        + release.version() + " to " + release.environment() + ") was left in the queue by a restart"
                        + " and its build is gone or no longer running; recorded it aborted and freed its place.");
            }
            for (EnvironmentLock lock : runtime.releaseOrphanedLocks()) {
                LOGGER.warning(() -> "Jitploy: released the lock of " + lock.key() + " (" + lock.reason() + ") held by "
                        + lock.owner() + ", which is gone or no longer running: it ended with a restart.");
            }
            if (lostRebuildsToo) {
                for (PendingRebuilds.Pending lost : runtime.recordLostRebuilds()) {
                    LOGGER.warning(() -> "Jitploy: the build of " + lost.job() + " for "
                            + lost.attempt().describe() + " was lost in a restart; recorded the attempt as aborted.");
                }
            }
        } catch (RuntimeException e) {
            // One broken store (unreadable ledger, say) must not keep the others' orphans; it is tried again later.
            LOGGER.log(Level.WARNING, "Jitploy could not check the restored deploys of " + item.getFullName(), e);
        }
    }

    /** A build that ended can no longer resume a deploy: its store is checked again, if open (else startup will). */
    @Extension
    public static final class BuildEnded extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(Run<?, ?> build) {
            Item job = build.getParent();
            if (JitployRuntime.ifOpen(job).isPresent()) {
                OrphanedDeploys orphans = ExtensionList.lookupSingleton(OrphanedDeploys.class);
                // Off the build's thread, and as SYSTEM rather than as the build. Only if still open then: a store
                // closed meanwhile (its item deleted, Jenkins stopping) must not be opened again, nor a new one made.
                Item top = JitployRuntime.topLevel(job);
                Timer.get()
                        .submit(() -> JitployRuntime.ifOpen(top)
                                .ifPresent(runtime -> orphans.reconcile(top, runtime, false)));
            }
        }
    }
}
