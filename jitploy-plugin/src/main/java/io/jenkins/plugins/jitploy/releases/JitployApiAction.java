package io.jenkins.plugins.jitploy.releases;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractItem;
import hudson.model.Action;
import hudson.model.Api;
import hudson.model.Item;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.QueueEntry;
import io.jitploy.ledger.Release;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import jenkins.model.TransientActionFactory;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

/**
 * {@code <item>/jitploy/api/json}: the releases live in each environment of each application deployed from the
 * item's top-level store, and what waits in each queue. Read-only, for scenarios and scripts; the Releases view with
 * its buttons is a separate page. Needs Item/Read on the item.
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
        JitployRuntime runtime = JitployRuntime.of(item);
        List<ApplicationState> result = new ArrayList<>();
        for (String application : runtime.applications()) {
            result.add(new ApplicationState(runtime, application));
        }
        return result;
    }

    /** One application and its environments. */
    @ExportedBean(defaultVisibility = 2)
    public static final class ApplicationState {
        private final String name;
        private final List<EnvironmentState> environments = new ArrayList<>();

        ApplicationState(JitployRuntime runtime, String name) {
            this.name = name;
            SortedMap<String, Release> live = runtime.ledger().liveMatrix(name);
            for (Map.Entry<String, Release> entry : live.entrySet()) {
                List<QueueEntry> queue = runtime.coordinator().queue(new EnvironmentKey(name, entry.getKey()));
                environments.add(new EnvironmentState(entry.getKey(), entry.getValue(), queue));
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

    /** An environment: its live release and its queue. Names, versions and users only; never config values. */
    @ExportedBean(defaultVisibility = 2)
    public static final class EnvironmentState {
        private final String name;
        private final Release live;
        private final List<QueuedDeploy> queue = new ArrayList<>();

        EnvironmentState(String name, Release live, List<QueueEntry> queue) {
            this.name = name;
            this.live = live;
            for (QueueEntry entry : queue) {
                this.queue.add(new QueuedDeploy(entry));
            }
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

        @Exported
        public String getBuildUrl() {
            return live == null ? null : live.buildUrl();
        }

        @Exported
        public Boolean getHealthy() {
            return live == null || live.health() == null ? null : live.health().healthy();
        }

        @Exported
        public List<QueuedDeploy> getQueue() {
            return queue;
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
