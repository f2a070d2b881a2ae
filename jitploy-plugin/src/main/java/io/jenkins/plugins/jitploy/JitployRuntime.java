package io.jenkins.plugins.jitploy;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ProxyConfiguration;
import hudson.model.Computer;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Items;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Run;
import hudson.model.listeners.ItemListener;
import hudson.security.ACL;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jenkins.plugins.jitploy.releases.RollbackBuilds;
import io.jitploy.access.ProtectionSource;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.config.FolderDefaults;
import io.jitploy.config.FreezeSchedule;
import io.jitploy.config.JitployConfig;
import io.jitploy.config.Recipients;
import io.jitploy.coordination.CoordinatorState;
import io.jitploy.coordination.CoordinatorStateCodec;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.EnvironmentLock;
import io.jitploy.coordination.ExecutorScheduler;
import io.jitploy.coordination.OrphanedLocks;
import io.jitploy.deploy.DeployOrchestrator;
import io.jitploy.deploy.PendingRebuilds;
import io.jitploy.events.EventBus;
import io.jitploy.github.GitHubIntegrations;
import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.promotion.EnvironmentHolds;
import io.jitploy.promotion.PromotionPolicy;
import io.jitploy.promotion.PromotionService;
import io.jitploy.store.AtomicWrite;
import io.jitploy.store.DeletedStore;
import io.jitploy.store.ItemMove;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.util.Timer;

/**
 * The engine's runtime state for one top-level item (a folder, a multibranch project or a job at the root): the
 * release ledger, the deploy coordinator (queue, locks, freezes) and the wiring between them. Lives in
 * {@code $JENKINS_HOME/jitploy/<top-level item name>/}, never in {@code config.xml}:
 *
 * <ul>
 *   <li>{@code ledger/}: the core's {@code FileReleaseLedger};
 *   <li>{@code coordinator.json}: snapshot of queue and locks, rewritten atomically whenever the coordinator
 *       publishes an event, so that a restart resumes every waiting deploy;
 *   <li>{@code runs.properties}: release id to the build that deployed it ({@code Run#getExternalizableId}), which
 *       promotion and rollback rebuild; and the application names seen (for the REST endpoint).
 * </ul>
 *
 * <p>One store per top-level item keeps teams apart and lets an administrator move or delete a whole tree's
 * state with its folder.
 */
public final class JitployRuntime {
    private static final Logger LOGGER = Logger.getLogger(JitployRuntime.class.getName());
    private static final Map<String, JitployRuntime> RUNTIMES = new ConcurrentHashMap<>();
    private static final String RUNS = "runs.properties";
    private static final String COORDINATOR = "coordinator.json";
    private static final String REBUILDS = "rebuilds.json";
    private static final String APPLICATION_PREFIX = "application.";

    private final Path directory;
    private final EventBus events;
    private final ReleaseLedger ledger;
    private final DeployCoordinator coordinator;
    private final PromotionService promotions;
    private final DeployOrchestrator orchestrator;
    /** Promotions' and rollbacks' rebuilds asked for and not yet settled ({@link #recordLostRebuilds}). */
    private final PendingRebuilds pendingRebuilds;
    /** When this store was opened: rebuilds asked for before then may have been lost in a restart. */
    private final Instant opened = Instant.now();
    /** GitHub gate and deployments, per application; connected by each deploy (steps/DeployExecution). */
    private final GitHubIntegrations github;

    private final CoordinatorStateCodec codec = new CoordinatorStateCodec();
    private final Properties runs = new Properties();
    /** The configuration each application last deployed with: promotion policy and freezes come from it. */
    private final Map<String, JitployConfig> configs = new ConcurrentHashMap<>();
    /** Set once the store was closed (shutdown, or its top-level item renamed): late timers write nothing. */
    private volatile boolean closed;

    private JitployRuntime(Path directory) throws IOException {
        this.directory = directory;
        Files.createDirectories(directory);
        this.events = new EventBus(e -> LOGGER.log(Level.WARNING, "Jitploy event listener failed", e));
        this.ledger = FileReleaseLedger.open(directory.resolve("ledger"));
        // Whatever fails from here on (an unreadable coordinator.json or runs.properties) must release the ledger:
        // else it stays locked in this JVM, and once the file is repaired every later open still fails, as "already
        // open", until Jenkins restarts.
        try {
            Clock clock = Clock.systemUTC();
            ExecutorScheduler scheduler = new ExecutorScheduler(Timer.get(), clock);
            Path state = directory.resolve(COORDINATOR);
            this.coordinator = Files.exists(state)
                    ? DeployCoordinator.restore(codec.decode(Files.readAllBytes(state)), clock, scheduler, events)
                    : new DeployCoordinator(clock, scheduler, events);
            // GitHub calls block on network I/O: the remoting pool grows as needed, unlike the small Timer pool.
            this.github = new GitHubIntegrations(
                    Computer.threadPoolForRemoting, clock, ProxyConfiguration::newHttpClientBuilder);
            this.promotions = PromotionService.over(ledger)
                    .holds(EnvironmentHolds.of(coordinator, this::freezeSchedule))
                    .policy(PromotionPolicy.of(application -> Optional.ofNullable(configs.get(application))))
                    .protection(ProtectionSource.of(application -> Optional.ofNullable(configs.get(application))))
                    .events(events)
                    .reporter(github.asBadReleaseReporter(), JitployRuntime::gitHubReportFailed)
                    .clock(clock)
                    .build();
            this.orchestrator = DeployOrchestrator.builder(ledger, coordinator, promotions, events)
                    .clock(clock)
                    // Granting a slot records the start and may ask GitHub for checks: never on the thread that freed
                    // the slot, which can be the Pipeline's CPS VM thread or a build's thread being aborted.
                    .worker(Computer.threadPoolForRemoting)
                    .rollbackLauncher(intent -> RollbackBuilds.launch(this, intent))
                    .gate(github)
                    .tracker(github, JitployRuntime::gitHubReportFailed)
                    .build();
            this.pendingRebuilds = PendingRebuilds.open(directory.resolve(REBUILDS));
            Path index = directory.resolve(RUNS);
            if (Files.exists(index)) {
                try (var in = Files.newInputStream(index)) {
                    runs.load(in);
                }
            }
            // Persist queue and locks on every change, so that a restart finds every waiting deploy and lock. The
            // coordinator coalesces notifications and never runs them concurrently, so writes stay in order.
            coordinator.onChange(this::saveCoordinator);
        } catch (IOException | RuntimeException e) {
            try {
                ledger.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The runtime of the top-level item that contains {@code item}. */
    public static @NonNull JitployRuntime of(@NonNull Item item) {
        String name = topLevel(item).getName();
        JitployRuntime open = RUNTIMES.get(name);
        if (open != null) {
            return open;
        }
        synchronized (RUNTIMES) { // not while a renamed store is being moved
            return RUNTIMES.computeIfAbsent(name, n -> {
                try {
                    return new JitployRuntime(root().resolve(n));
                } catch (IOException e) {
                    throw new UncheckedIOException(
                            "Cannot open the Jitploy store of '" + n + "' under " + root()
                                    + ": check that JENKINS_HOME is writable.",
                            e);
                }
            });
        }
    }

    /**
     * The runtime of the top-level item that contains {@code item} if that item has a store (open, or on disk from
     * before a restart); unlike {@link #of}, never creates one. For listeners that see every build of the controller.
     */
    public static Optional<JitployRuntime> existing(@NonNull Item item) {
        Optional<JitployRuntime> open = ifOpen(item);
        if (open.isPresent()) {
            return open;
        }
        return Files.isDirectory(root().resolve(topLevel(item).getName())) ? Optional.of(of(item)) : Optional.empty();
    }

    /** The runtime of the top-level item that contains {@code item}, if something has opened it already. */
    static Optional<JitployRuntime> ifOpen(@NonNull Item item) {
        return Optional.ofNullable(RUNTIMES.get(topLevel(item).getName()));
    }

    /**
     * Whether the store of a top-level item is open, or its saved state holds a deploy (holding the slot or waiting)
     * or a {@code jitployLock} block's lock that opening it would restore. Stores with nothing to restore are left
     * closed.
     */
    static boolean mayHoldOrphans(@NonNull Item topLevel) throws IOException {
        if (ifOpen(topLevel).isPresent()) {
            return true;
        }
        Path state = root().resolve(topLevel.getName()).resolve(COORDINATOR);
        if (!PendingRebuilds.open(root().resolve(topLevel.getName()).resolve(REBUILDS))
                .all()
                .isEmpty()) {
            return true;
        }
        if (!Files.exists(state)) {
            return false;
        }
        CoordinatorState saved = new CoordinatorStateCodec().decode(Files.readAllBytes(state));
        return OrphanedLocks.anyHeldByBuilds(saved)
                || saved.environments().stream()
                        .anyMatch(environment -> environment.holder() != null
                                || !environment.waiting().isEmpty());
    }

    /** {@code $JENKINS_HOME/jitploy}. */
    public static Path root() {
        return Jenkins.get().getRootDir().toPath().resolve("jitploy");
    }

    public Path directory() {
        return directory;
    }

    public ReleaseLedger ledger() {
        return ledger;
    }

    public DeployCoordinator coordinator() {
        return coordinator;
    }

    public DeployOrchestrator orchestrator() {
        return orchestrator;
    }

    /**
     * Records the configuration an application deploys with (read from the workspace by a step), so that promotion
     * policy, protection and freezes apply it, and hands its freeze schedules to the coordinator.
     */
    public void useConfig(String application, JitployConfig config) {
        configs.put(application, config);
        for (EnvironmentSpec environment : config.environments()) {
            coordinator.setFreezeSchedule(
                    new EnvironmentKey(application, environment.name()), environment.freezeSchedule());
        }
    }

    /**
     * Puts the folder's current environments over the configuration {@code application} last deployed with, before
     * a promotion or rollback is decided: an administrator's stricter protection applies at once, and after a
     * restart, before the application deployed again, the folder's protection still holds. (A list the folder no
     * longer sets keeps its last value until the next deploy reads the configuration again.)
     */
    public void applyFolder(String application, FolderDefaults folder) {
        configs.compute(application, (name, known) -> {
            JitployConfig base = known != null
                    ? known
                    : new JitployConfig("folder", 1, Optional.empty(), Recipients.NONE, List.of());
            return base.mergeUnder(folder);
        });
    }

    private FreezeSchedule freezeSchedule(String application, String environment) {
        return Optional.ofNullable(configs.get(application))
                .flatMap(config -> config.environment(environment))
                .<FreezeSchedule>map(EnvironmentSpec::freezeSchedule)
                .orElse(FreezeSchedule.NEVER);
    }

    /** The store's GitHub integrations, which a deploy connects its application to before it starts. */
    public GitHubIntegrations github() {
        return github;
    }

    /** A GitHub report never fails a deploy; the core's messages name the credential, never the token. */
    private static void gitHubReportFailed(Throwable failure) {
        LOGGER.log(Level.WARNING, "Jitploy could not update GitHub: " + failure.getMessage(), failure);
    }

    public PromotionService promotions() {
        return promotions;
    }

    /** The store's events (the Releases view and notifications subscribe here). */
    public EventBus events() {
        return events;
    }

    /** Remembers which build deployed a release, so that promotion and rollback can rebuild it pinned. */
    public synchronized void rememberRun(String releaseId, String application, Run<?, ?> build) {
        runs.setProperty(releaseId, build.getExternalizableId());
        runs.setProperty(APPLICATION_PREFIX + application, "");
        saveRuns();
    }

    /**
     * Follows a job or folder renamed or moved within this store: the builds recorded as having deployed a release
     * ({@code runs.properties}) are renamed with it, so that promotion and rollback still find them.
     */
    synchronized void itemRenamed(ItemMove move) {
        boolean changed = false;
        for (String key : runs.stringPropertyNames()) {
            if (key.startsWith(APPLICATION_PREFIX)) {
                continue;
            }
            Optional<String> renamed = move.renamedBuildId(runs.getProperty(key));
            if (renamed.isPresent()) {
                runs.setProperty(key, renamed.get());
                changed = true;
            }
        }
        if (changed) {
            saveRuns();
        }
    }

    /**
     * A top-level item was renamed or moved: its store moves with it (closed first; the next {@link #of} opens it
     * under the new name, as after a restart). The Rename page refuses while a job inside builds, but a move (the
     * Folders plugin's Move, {@code Items.move}) or a script's {@code renameTo} does not: while builds inside run,
     * they hold the open store, so it stays open, in its directory, under the new name, and its directory follows
     * when Jenkins stops. A store already present under the new name is never overwritten: the old one stays, with
     * a warning saying what to do.
     */
    static void topLevelRenamed(Item item, String oldName, String newName) {
        synchronized (RUNTIMES) {
            JitployRuntime open = RUNTIMES.remove(oldName);
            Path from = open != null ? open.directory : root().resolve(oldName);
            Path to = root().resolve(newName);
            if (open != null && (from.equals(to) || anyBuilding(item))) {
                if (from.equals(to) || (!RUNTIMES.containsKey(newName) && !Files.exists(to))) {
                    RUNTIMES.put(newName, open);
                    if (!from.equals(to)) {
                        LOGGER.warning("Jitploy: " + oldName + " was renamed or moved to " + newName + " while builds"
                                + " in it were running; its release history stays in " + from + " until Jenkins stops,"
                                + " and then moves to " + to + ".");
                    }
                    return;
                }
                LOGGER.warning("Jitploy: " + oldName + " was renamed or moved to " + newName + " while builds in it"
                        + " were running, and " + to + " exists already: their deploys can no longer record"
                        + " releases in " + from + ".");
            }
            if (open != null) {
                open.close();
            }
            moveStore(oldName, newName, from, to);
        }
    }

    /**
     * A top-level item was deleted (its builds were stopped first): its store is closed, so that its ledger's threads
     * end, and its directory is kept, set aside under a name no item can take ({@link DeletedStore}), so that a new
     * item created with the same name starts with a store of its own rather than the deleted item's releases, queue
     * and locks. The controller log says where the history went.
     */
    static void topLevelDeleted(String name) {
        synchronized (RUNTIMES) {
            JitployRuntime open = RUNTIMES.remove(name);
            if (open != null) {
                open.close();
            }
            // A store kept open by builds running when its item was renamed is still in its old directory.
            Path from = open != null ? open.directory : root().resolve(name);
            if (!Files.isDirectory(from)) {
                return;
            }
            Path to = root().resolve(
                            DeletedStore.keptName(name, Instant.now(), kept -> Files.exists(root().resolve(kept))));
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
                LOGGER.info("Jitploy: " + name + " was deleted; its release history is kept in " + to + ". To give it"
                        + " to a new item, stop Jenkins and rename that directory to the item's name.");
            } catch (IOException e) {
                LOGGER.log(
                        Level.WARNING,
                        "Jitploy: " + name + " was deleted, but its release history could not be set aside from " + from
                                + " to " + to + "; a new item named " + name + " would take it over. Move it by hand"
                                + " while Jenkins is stopped.",
                        e);
            }
        }
    }

    /** Whether {@code item}, or a job inside it, is building (and may be holding its store). */
    private static boolean anyBuilding(Item item) {
        if (item instanceof Job<?, ?> job) {
            return job.isBuilding();
        }
        if (item instanceof ItemGroup<?> group) {
            for (Item child : Items.allItems2(ACL.SYSTEM2, group, Item.class)) {
                if (child instanceof Job<?, ?> job && job.isBuilding()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Moves a closed store's directory to its item's new name, unless a directory is there already. */
    private static void moveStore(String oldName, String newName, Path from, Path to) {
        if (from.equals(to) || !Files.isDirectory(from)) {
            return;
        }
        if (Files.exists(to)) {
            LOGGER.warning("Jitploy: " + oldName + " was renamed or moved to " + newName + ", but " + to
                    + " exists already, so the release history in " + from + " was not moved. Stop Jenkins and"
                    + " merge or replace the directories by hand.");
            return;
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOGGER.log(
                    Level.WARNING,
                    "Jitploy: could not move the release history of " + oldName + " from " + from + " to " + to
                            + " after its rename; move it by hand while Jenkins is stopped.",
                    e);
        }
    }

    /**
     * Saves the queue and locks and closes the ledger; the instance is not used afterwards. No write of the queue
     * reaches its directory once this returns, so that the directory can be moved. Never throws: a failure here
     * (the ledger's last snapshot not written, the disk full) must not keep the other stores from closing at
     * shutdown, nor a renamed or deleted item's directory from moving; the ledger is released either way.
     */
    private void close() {
        synchronized (codec) {
            saveCoordinator(coordinator.snapshot());
            closed = true;
        }
        try {
            ledger.close();
        } catch (RuntimeException e) {
            LOGGER.log(Level.WARNING, "Jitploy: could not close the release ledger in " + directory, e);
        }
    }

    /** The build that deployed a release, if it still exists. */
    public synchronized Optional<Run<?, ?>> runOf(String releaseId) {
        String id = runs.getProperty(releaseId);
        if (id == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(Run.fromExternalizableId(id));
        } catch (IllegalArgumentException e) {
            LOGGER.log(Level.WARNING, "Release " + releaseId + " names no build (" + id + ") in " + RUNS, e);
            return Optional.empty(); // a damaged line: as if the build were gone
        }
    }

    /**
     * Abandons the deploys a restart left without an owner ({@link OrphanedDeploys}): restored tickets that no step
     * re-attached and whose build, as {@code runs.properties} records it, is gone or no longer building. A build
     * still building keeps its deploys, since its step may yet resume. Look-ups must run as SYSTEM: a build that the
     * current user cannot see would look gone.
     *
     * @param unrecordedToo whether a release with no recorded build counts as abandoned (the controller stopped
     *     before its build was recorded, so only the step's own saved state could still name it): true once
     *     Pipelines have had time to resume
     */
    List<Release> abandonOrphanedDeploys(boolean unrecordedToo) {
        return orchestrator.abandonOrphans(release -> ownerGone(release.id(), unrecordedToo));
    }

    private boolean ownerGone(String releaseId, boolean unrecordedToo) {
        String owner;
        synchronized (this) {
            owner = runs.getProperty(releaseId);
        }
        if (owner == null) {
            return unrecordedToo;
        }
        Run<?, ?> build;
        try {
            build = Run.fromExternalizableId(owner);
        } catch (IllegalArgumentException e) {
            // Not a build id (a damaged runs.properties): no build can ever resume it; one bad line must not stop the
            // sweep of the others.
            LOGGER.log(Level.WARNING, "Release " + releaseId + " names no build (" + owner + "); abandoning it", e);
            return true;
        }
        return build == null || !build.isBuilding();
    }

    /** The rebuilds promotions and rollbacks asked for that have not deployed or been recorded as not run yet. */
    public PendingRebuilds pendingRebuilds() {
        return pendingRebuilds;
    }

    /**
     * Records the promotions' and rollbacks' rebuilds that a restart lost: asked for, neither deployed nor recorded
     * as not run, and now neither in the build queue nor among their job's builds (the queue is saved only now and
     * then, so a crash can lose it). A rebuild found ended with its release is settled quietly. Must run as SYSTEM,
     * once the queue is loaded ({@link OrphanedDeploys}).
     */
    List<PendingRebuilds.Pending> recordLostRebuilds() {
        List<PendingRebuilds.Pending> lost = new ArrayList<>();
        for (PendingRebuilds.Pending request : pendingRebuilds.all()) {
            if (!request.requestedAt().isBefore(opened)) {
                continue; // asked for since this controller started: not lost in a restart
            }
            RebuildSighting seen = sight(request);
            if (seen == RebuildSighting.WAITING_OR_RUNNING) {
                continue;
            }
            pendingRebuilds.settle(request.requestId()).ifPresent(settled -> {
                if (seen == RebuildSighting.LOST) {
                    orchestrator.recordRebuildNotRun(
                            settled.attempt(),
                            "The build of " + settled.job() + " for "
                                    + settled.attempt().describe()
                                    + " was lost in a restart (it is neither in the build queue nor among the job's"
                                    + " builds); nothing was deployed. Ask again.");
                    lost.add(settled);
                }
            });
        }
        return lost;
    }

    private enum RebuildSighting {
        WAITING_OR_RUNNING,
        DEPLOYED,
        LOST
    }

    private static RebuildSighting sight(PendingRebuilds.Pending request) {
        for (Queue.Item queued : Jenkins.get().getQueue().getItems()) {
            if (carries(queued.getAction(DeployTargetAction.class), request)) {
                return RebuildSighting.WAITING_OR_RUNNING;
            }
        }
        Job<?, ?> job = Jenkins.get().getItemByFullName(request.job(), Job.class);
        if (job != null) {
            for (Run<?, ?> build : job.getBuilds().limit(50)) {
                if (carries(build.getAction(DeployTargetAction.class), request)) {
                    if (build.isBuilding()) {
                        return RebuildSighting.WAITING_OR_RUNNING;
                    }
                    // Ended: with its release (settled when recorded, unless the controller stopped in between), or
                    // without, which the listener that records that did not hear of.
                    return build.getAction(ReleaseAction.class) != null
                            ? RebuildSighting.DEPLOYED
                            : RebuildSighting.LOST;
                }
            }
        }
        return RebuildSighting.LOST;
    }

    private static boolean carries(DeployTargetAction target, PendingRebuilds.Pending request) {
        return target != null && target.getRequestId().equals(request.requestId());
    }

    /**
     * Releases the locks of {@code jitployLock} blocks whose build is gone or no longer building ({@link
     * OrphanedDeploys}): a build that died with the controller is found finished at startup without ending, so
     * neither its block nor its end released them. Lasting locks ({@code jitploySetLock}) are left alone. Must run
     * as SYSTEM, like {@link #abandonOrphanedDeploys}.
     */
    List<EnvironmentLock> releaseOrphanedLocks() {
        return OrphanedLocks.release(coordinator, JitployRuntime::stillBuilding);
    }

    private static boolean stillBuilding(String buildId) {
        Run<?, ?> build;
        try {
            build = Run.fromExternalizableId(buildId);
        } catch (IllegalArgumentException e) {
            return true; // not a build id Jitploy wrote: not ours to release
        }
        return build != null && build.isBuilding();
    }

    /** Applications that have deployed from this top-level item. */
    public synchronized Set<String> applications() {
        Set<String> names = new TreeSet<>();
        for (String key : runs.stringPropertyNames()) {
            if (key.startsWith(APPLICATION_PREFIX)) {
                names.add(key.substring(APPLICATION_PREFIX.length()));
            }
        }
        return names;
    }

    private synchronized void saveRuns() {
        try {
            AtomicWrite.replace(directory.resolve(RUNS), out -> runs.store(out, "release id -> build"));
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save " + directory.resolve(RUNS), e);
        }
    }

    /**
     * Writes the coordinator's state even from a thread being interrupted (an aborted step releasing its lock or
     * slot): a write cut short by the interrupt would leave the previous state on disk, and a restart would bring
     * back a lock or a slot that is gone. The interrupt status is restored afterwards.
     */
    private void saveCoordinator(CoordinatorState state) {
        synchronized (codec) {
            if (closed) {
                return; // a timer of a store closed for a rename: the reopened store has the state
            }
            boolean interrupted = Thread.interrupted();
            try {
                byte[] json = codec.encode(state);
                for (int attempt = 1; ; attempt++) {
                    try {
                        AtomicWrite.replace(directory.resolve(COORDINATOR), out -> out.write(json));
                        return;
                    } catch (ClosedByInterruptException e) {
                        interrupted |= Thread.interrupted();
                        if (attempt == 3) {
                            throw e;
                        }
                    }
                }
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Could not save " + directory.resolve(COORDINATOR), e);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** The top-level item whose store holds the state of {@code item}. */
    public static @NonNull Item topLevel(@NonNull Item item) {
        Item top = item;
        while (top.getParent() instanceof Item parent) {
            top = parent;
        }
        return top;
    }

    /**
     * Keeps the stores with their items: follows renames and moves, sets a deleted item's store aside, and saves
     * every store when Jenkins shuts down and forgets them, so that a restart in the same JVM (as in tests) reads them
     * back from disk like a real restart does; a store that stayed in its old directory because builds were running
     * when its item was renamed or moved follows its item then.
     */
    @Extension
    public static final class StoreLifecycle extends ItemListener {
        /**
         * Keeps stores with their items: a renamed top-level item takes its store along, and a job or folder
         * renamed or moved inside one keeps the builds the store names. An item moved to another top-level item
         * leaves its release history behind in the old store (a warning says so).
         */
        @Override
        public void onLocationChanged(Item item, String oldFullName, String newFullName) {
            ItemMove move = new ItemMove(oldFullName, newFullName);
            switch (move.kind(Jenkins.get().getItem(move.oldStore()) != null)) {
                case TOP_LEVEL_RENAMED:
                    // The store moves, then its recorded builds are renamed, descendants included.
                    topLevelRenamed(item, move.oldStore(), move.newStore());
                    break;
                case INSIDE_RENAMED_TOP_LEVEL:
                    return;
                case TO_ANOTHER_STORE:
                    if (item instanceof Job<?, ?> && Files.isDirectory(root().resolve(move.oldStore()))) {
                        LOGGER.warning("Jitploy: " + oldFullName + " moved to " + newFullName + "; the releases it"
                                + " deployed stay in the history of " + move.oldStore() + ", and promoting or"
                                + " rolling them back from " + move.newStore() + " needs a new deploy first.");
                    }
                    return;
                case WITHIN_STORE:
                default:
                    break;
            }
            existing(item).ifPresent(runtime -> runtime.itemRenamed(move));
        }

        /**
         * A deleted top-level item's store is closed and set aside ({@link #topLevelDeleted}); an item deleted inside
         * one leaves the releases it deployed in the store's history.
         */
        @Override
        public void onDeleted(Item item) {
            if (!(item.getParent() instanceof Item)) {
                topLevelDeleted(item.getName());
            }
        }

        @Override
        public void onBeforeShutdown() {
            synchronized (RUNTIMES) {
                for (Map.Entry<String, JitployRuntime> store : RUNTIMES.entrySet()) {
                    JitployRuntime runtime = store.getValue();
                    runtime.close();
                    // A store kept open by builds running when its item was renamed or moved follows it now.
                    moveStore(
                            String.valueOf(runtime.directory.getFileName()),
                            store.getKey(),
                            runtime.directory,
                            root().resolve(store.getKey()));
                }
                RUNTIMES.clear();
            }
        }
    }
}
