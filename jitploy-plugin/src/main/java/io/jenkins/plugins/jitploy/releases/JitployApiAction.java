package io.jenkins.plugins.jitploy.releases;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractItem;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Item;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jitploy.coordination.EnvironmentLock;
import io.jitploy.coordination.QueueEntry;
import io.jitploy.coordination.SlotHolder;
import io.jitploy.deploy.EnvironmentStatus;
import io.jitploy.deploy.ReleaseBoard;
import io.jitploy.ledger.Release;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import jenkins.model.Jenkins;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * {@code <item>/jitploy/api/json}: for each application of the item's top-level store, each environment that has a
 * live release or anything going on (the core's {@link ReleaseBoard}): its live release, the deploy running, what
 * waits in its queue and its lock. Read-only, for scenarios and scripts. Needs Item/Read on the item.
 */
@ExportedBean
public final class JitployApiAction implements Action {
    private final AbstractItem item;

    JitployApiAction(AbstractItem item) {
        this.item = item;
    }

    @Override
    public String getIconFileName() {
        return null; // no sidebar link: the Releases view adds one
    }

    @Override
    public String getDisplayName() {
        return "Jitploy";
    }

    @Override
    public String getUrlName() {
        return "jitploy";
    }

    public Api getApi() {
        item.checkPermission(Item.READ);
        return new Api(this);
    }

    @Exported
    public List<ApplicationState> getApplications() {
        item.checkPermission(Item.READ);
        // Never creates a store: this property is also exported inside every item's own api/json at depth 1, which
        // would otherwise open one (with its ledger writer thread) for each top-level item a script looks at.
        Optional<JitployRuntime> store = JitployRuntime.existing(item);
        if (store.isEmpty()) {
            return List.of();
        }
        JitployRuntime runtime = store.get();
        ReleaseBoard board = new ReleaseBoard(runtime.ledger(), runtime.coordinator());
        List<ApplicationState> result = new ArrayList<>();
        for (String application : board.applications(runtime.applications())) {
            result.add(new ApplicationState(runtime, application, board.environments(application)));
        }
        return result;
    }

    /**
     * Where the build that deployed the live release is now: the ledger keeps the URL it had then, which a rename or
     * move of its job or folder makes stale. Null when the build is gone or not visible to the reader.
     */
    private static String currentBuildUrl(JitployRuntime runtime, EnvironmentStatus status) {
        return status.live()
                .flatMap(release -> runtime.runOf(release.id()))
                .map(build -> {
                    String root = Jenkins.get().getRootUrl();
                    return root == null ? build.getUrl() : root + build.getUrl();
                })
                .orElse(null);
    }

    /** One application and its environments. */
    @ExportedBean(defaultVisibility = 2)
    public static final class ApplicationState {
        private final String name;
        private final List<EnvironmentState> environments = new ArrayList<>();

        ApplicationState(JitployRuntime runtime, String name, List<EnvironmentStatus> statuses) {
            this.name = name;
            for (EnvironmentStatus status : statuses) {
                environments.add(new EnvironmentState(status, currentBuildUrl(runtime, status)));
            }
        }

        @Exported
        public String getName() {
            return name;
        }

        @Exported
        public List<EnvironmentState> getEnvironments() {
            return environments;
        }
    }

    /**
     * An environment: its live release (the fields below; null when none yet), the deploy running, its queue and its
     * lock. Names, versions and users only; never config values.
     */
    @ExportedBean(defaultVisibility = 2)
    public static final class EnvironmentState {
        private final String name;
        private final Release live;
        private final RunningDeploy deploying;
        private final List<QueuedDeploy> queue = new ArrayList<>();
        private final LockState lock;
        private final String currentBuildUrl;

        EnvironmentState(EnvironmentStatus status, String currentBuildUrl) {
            this.currentBuildUrl = currentBuildUrl;
            this.name = status.environment();
            this.live = status.live().orElse(null);
            this.deploying = status.deploying().map(RunningDeploy::new).orElse(null);
            for (QueueEntry entry : status.queue()) {
                this.queue.add(new QueuedDeploy(entry));
            }
            this.lock = status.lock().map(LockState::new).orElse(null);
        }

        @Exported
        public String getName() {
            return name;
        }

        @Exported
        public String getReleaseId() {
            return live == null ? null : live.id();
        }

        @Exported
        public String getVersion() {
            return live == null ? null : live.version();
        }

        @Exported
        public String getSha() {
            return live == null ? null : live.sha();
        }

        @Exported
        public String getResult() {
            return live == null ? null : live.result().name();
        }

        @Exported
        public String getTrigger() {
            return live == null || live.trigger() == null
                    ? null
                    : live.trigger().name();
        }

        @Exported
        public String getUser() {
            return live == null ? null : live.user();
        }

        @Exported
        public String getFinishedAt() {
            return live == null ? null : text(live.finishedAt());
        }

        /** When the live commit was made (lead time counts from it), or null when unknown. */
        @Exported
        public String getCommitTime() {
            return live == null ? null : text(live.commitTime());
        }

        /** The live release's note, e.g. who forced it past red GitHub checks and why; null when none. */
        @Exported
        public String getNote() {
            return live == null ? null : live.note();
        }

        /** The build that deployed the live release: where it is now, else where it was when it deployed. */
        @Exported
        public String getBuildUrl() {
            if (live == null) {
                return null;
            }
            return currentBuildUrl != null ? currentBuildUrl : live.buildUrl();
        }

        @Exported
        public Boolean getHealthy() {
            return live == null || live.health() == null ? null : live.health().healthy();
        }

        /** The deploy (or {@code jitployLock} block) holding the environment's slot now; null when none. */
        @Exported
        public RunningDeploy getDeploying() {
            return deploying;
        }

        @Exported
        public List<QueuedDeploy> getQueue() {
            return queue;
        }

        /** The lock in force; null when none. */
        @Exported
        public LockState getLock() {
            return lock;
        }
    }

    /** Who holds an environment's deploy slot. */
    @ExportedBean(defaultVisibility = 2)
    public static final class RunningDeploy {
        private final SlotHolder holder;

        RunningDeploy(SlotHolder holder) {
            this.holder = holder;
        }

        @Exported
        public String getTicketId() {
            return holder.ticketId();
        }

        @Exported
        public String getRequestedBy() {
            return holder.requestedBy();
        }

        /** The version being deployed; null for a hold. */
        @Exported
        public String getVersion() {
            return holder.version();
        }

        @Exported
        public String getReason() {
            return holder.reason();
        }

        @Exported
        public String getSince() {
            return text(holder.since());
        }
    }

    /** A lock on an environment. */
    @ExportedBean(defaultVisibility = 2)
    public static final class LockState {
        private final EnvironmentLock lock;

        LockState(EnvironmentLock lock) {
            this.lock = lock;
        }

        @Exported
        public String getOwner() {
            return lock.owner();
        }

        @Exported
        public String getReason() {
            return lock.reason();
        }

        @Exported
        public String getSince() {
            return text(lock.since());
        }

        /** When it lifts by itself; null: when unlocked. */
        @Exported
        public String getExpiresAt() {
            return text(lock.expiresAt());
        }

        /** Whom it was taken over from; null when it was not. */
        @Exported
        public String getStolenFrom() {
            return lock.stolenFrom();
        }
    }

    /** A deploy waiting for the environment's slot. */
    @ExportedBean(defaultVisibility = 2)
    public static final class QueuedDeploy {
        private final QueueEntry entry;

        QueuedDeploy(QueueEntry entry) {
            this.entry = entry;
        }

        @Exported
        public String getTicketId() {
            return entry.ticketId();
        }

        @Exported
        public int getPosition() {
            return entry.position();
        }

        @Exported
        public String getVersion() {
            return entry.version();
        }

        @Exported
        public String getRequestedBy() {
            return entry.requestedBy();
        }

        @Exported
        public String getSince() {
            return text(entry.since());
        }

        @Exported
        public String getWaitingFor() {
            return entry.waitingReason();
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Adds the endpoint to every folder and job. */
    @Extension
    public static final class Factory extends TransientActionFactory<AbstractItem> {
        @Override
        public Class<AbstractItem> type() {
            return AbstractItem.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull AbstractItem target) {
            return List.of(new JitployApiAction(target));
        }
    }
}
