package io.jitploy.coordination;

import io.jitploy.config.FreezeSchedule;
import io.jitploy.events.EventBus;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Serialises deploys per {@link EnvironmentKey}: one exclusive {@link DeploySlot} and a FIFO queue per key,
 * with supersede, stale-version protection, locks and freezes evaluated when a deploy would start.
 *
 * <p>Nothing here blocks: {@link #enqueue} returns at once and {@link #awaitSlot} returns a future completed
 * when the slot is granted (or exceptionally with a {@link CoordinationException}). Futures are completed and
 * events published after the coordinator's internal locks are released, so callbacks may call back into the
 * coordinator (typically {@link DeploySlot#release()}). Attach heavy work with an {@code *Async} stage.
 *
 * <p>Environments are independent: each key has its own lock, so contention on one environment does not slow
 * others. One coordinator serves all applications and environments of a controller.
 */
public final class DeployCoordinator {
    /** Finished tickets remembered so {@link #awaitSlot} still reports their outcome for a while. */
    private static final int RETIRED_CAPACITY = 4096;

    private final Clock clock;
    private final Scheduler scheduler;
    private final EventBus bus;
    private final String instance;
    private final AtomicLong nextTicket;
    private final ConcurrentHashMap<EnvironmentKey, EnvironmentQueue> environments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, QueuedDeploy> tickets = new ConcurrentHashMap<>();
    private final RetiredTickets retired = new RetiredTickets(RETIRED_CAPACITY);
    private final StateListeners listeners = new StateListeners();

    /**
     * A coordinator with empty queues.
     *
     * @param clock the time source (its zone is used to format times in waiting reasons)
     * @param scheduler runs the wake-ups when locks expire and freezes end
     * @param bus receives QUEUED, STARTED, SUPERSEDED, ABORTED, LOCKED, UNLOCKED, FREEZE_STARTED, FREEZE_ENDED
     */
    public DeployCoordinator(Clock clock, Scheduler scheduler, EventBus bus) {
        this(clock, scheduler, bus, newInstanceId(), 1);
    }

    private DeployCoordinator(Clock clock, Scheduler scheduler, EventBus bus, String instance, long nextTicket) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.bus = Objects.requireNonNull(bus, "bus");
        this.instance = instance;
        this.nextTicket = new AtomicLong(nextTicket);
    }

    /** Same as {@link #restore(CoordinatorState, Clock, Scheduler, EventBus, Map)} with no freeze schedules. */
    public static DeployCoordinator restore(CoordinatorState state, Clock clock, Scheduler scheduler, EventBus bus) {
        return restore(state, clock, scheduler, bus, Map.of());
    }

    /**
     * Rebuilds a coordinator after a restart. Queue order, locks (with expiry) and slot holders are kept: a
     * holder stays holder until it releases or is cancelled, and {@link #awaitSlot} with a restored ticket id
     * returns its slot again. Locks that expired and freezes that ended while the controller was down are applied
     * immediately, which may grant slots.
     *
     * @param freezes the environments' freeze schedules (from configuration); pass them here rather than later
     *     so a waiting deploy cannot start in the window before the schedule is set
     */
    public static DeployCoordinator restore(
            CoordinatorState state,
            Clock clock,
            Scheduler scheduler,
            EventBus bus,
            Map<EnvironmentKey, FreezeSchedule> freezes) {
        if (state.format() != CoordinatorStateCodec.FORMAT) {
            throw new CoordinatorStateFormatException(
                    "cannot restore coordinator state of format " + state.format() + "; this Jitploy reads format "
                            + CoordinatorStateCodec.FORMAT,
                    null);
        }
        DeployCoordinator coordinator =
                new DeployCoordinator(clock, scheduler, bus, state.instance(), state.nextTicket());
        for (CoordinatorState.EnvironmentState environment : state.environments()) {
            EnvironmentKey key = new EnvironmentKey(environment.application(), environment.environment());
            EnvironmentQueue queue = coordinator.environment(key);
            queue.guard.lock();
            try {
                for (QueuedDeploy entry : queue.restore(environment)) {
                    coordinator.tickets.put(entry.ticket.id(), entry);
                }
            } finally {
                queue.guard.unlock();
            }
        }
        for (Map.Entry<EnvironmentKey, FreezeSchedule> freeze : freezes.entrySet()) {
            coordinator.environment(freeze.getKey());
        }
        for (EnvironmentQueue queue : coordinator.environments.values()) {
            coordinator.change(queue, fx -> {
                queue.resume(freezes.get(queue.key), fx);
                return null;
            });
        }
        return coordinator;
    }

    // ---- deploys ----

    /**
     * Queues a request. It starts when it reaches the head of its environment's queue, the slot is free, and no
     * lock (of someone else) or freeze holds it; {@link #awaitSlot} tells when.
     */
    public Ticket enqueue(DeployRequest request) {
        Objects.requireNonNull(request, "request");
        EnvironmentQueue queue = environment(request.key());
        return change(queue, fx -> {
            // The sequence is taken under the environment's guard so ticket order is queue order.
            long sequence = nextTicket.getAndIncrement();
            Ticket ticket = new Ticket(instance + "-" + sequence, request.key(), sequence, clock.instant());
            QueuedDeploy entry = new QueuedDeploy(ticket, request);
            tickets.put(ticket.id(), entry);
            queue.enqueue(entry, fx);
            return ticket;
        });
    }

    /**
     * The slot of a ticket: completes when granted (at once if it already holds the slot, also after a restore),
     * or exceptionally with {@link SupersededException}, {@link StaleVersionException}, {@link
     * EnvironmentLockedException}/{@link EnvironmentFrozenException} (fail-fast requests), {@link
     * DeployCancelledException} or {@link UnknownTicketException}. Calling it again returns the same future.
     */
    public CompletableFuture<DeploySlot> awaitSlot(String ticketId) {
        QueuedDeploy entry = tickets.get(ticketId);
        if (entry != null) {
            return entry.future;
        }
        CompletableFuture<DeploySlot> done = retired.outcome(ticketId);
        return done != null ? done : CompletableFuture.failedFuture(new UnknownTicketException(ticketId));
    }

    /**
     * Cancels a waiting request (its future fails with {@link DeployCancelledException}) or frees the slot held
     * by it (its {@link DeploySlot#release()} then does nothing). Returns false if the ticket is not waiting or
     * holding.
     */
    public boolean cancel(String ticketId, String by) {
        Objects.requireNonNull(by, "by");
        QueuedDeploy entry = tickets.get(ticketId);
        if (entry == null) {
            return false;
        }
        EnvironmentQueue queue = environment(entry.ticket.key());
        return change(queue, fx -> queue.cancel(entry, by, fx));
    }

    /**
     * Records that the version with {@code orderKey} succeeded in {@code key}: from now on, non-rollback requests
     * with a smaller order key are refused with {@link StaleVersionException}. Prefer {@link
     * DeploySlot#releaseSucceeded()}, which records and releases atomically.
     */
    public void recordSucceeded(EnvironmentKey key, long orderKey) {
        recordSucceeded(key, orderKey, null);
    }

    /** Like {@link #recordSucceeded(EnvironmentKey, long)}, naming the version for error messages. */
    public void recordSucceeded(EnvironmentKey key, long orderKey, String version) {
        EnvironmentQueue queue = environment(key);
        change(queue, fx -> {
            queue.recordSucceeded(orderKey, version, fx);
            return null;
        });
    }

    boolean release(DeploySlot slot, boolean succeeded) {
        EnvironmentQueue queue = environment(slot.key());
        return change(queue, fx -> queue.release(slot, succeeded, fx));
    }

    void onTimer(EnvironmentQueue queue, Object token) {
        change(queue, fx -> {
            queue.onTimer(token, fx);
            return null;
        });
    }

    // ---- locks and freezes ----

    /**
     * Locks an environment: deploys of anyone but {@code owner} wait when they would start (or fail fast). The
     * owner may lock again to change reason or expiry.
     *
     * @throws EnvironmentLockedException if someone else holds the lock
     */
    public EnvironmentLock lock(EnvironmentKey key, String reason, String owner, Optional<Instant> expiry) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(owner, "owner");
        EnvironmentQueue queue = environment(key);
        return change(queue, fx -> queue.lock(reason, owner, expiry.orElse(null), fx));
    }

    /**
     * Removes the lock. Returns false if the environment was not locked.
     *
     * @throws LockOwnershipException if {@code by} is not the owner (use {@link #steal})
     */
    public boolean unlock(EnvironmentKey key, String by) {
        EnvironmentQueue queue = environment(key);
        return change(queue, fx -> queue.unlock(by, fx));
    }

    /**
     * Removes the lock if {@code owner} holds it, in one step: unlike {@link #unlock}, a lock someone else holds
     * (stolen, or taken after this owner's expired) is left alone and nothing is thrown. For cleanup paths that
     * must release "our" lock whatever happened to it meanwhile.
     *
     * @return true if {@code owner} held the lock and it is now removed
     */
    public boolean unlockIfHeldBy(EnvironmentKey key, String owner) {
        Objects.requireNonNull(owner, "owner");
        EnvironmentQueue queue = environments.get(key);
        return queue != null && change(queue, fx -> queue.unlockIfHeldBy(owner, fx));
    }

    /**
     * Removes every lock {@code owner} holds, in every environment: what an owner that no longer exists (a build
     * that ended) leaves behind.
     *
     * @return the environments unlocked, sorted
     */
    public List<EnvironmentKey> unlockAllHeldBy(String owner) {
        Objects.requireNonNull(owner, "owner");
        List<EnvironmentKey> unlocked = new ArrayList<>();
        for (EnvironmentQueue queue : environments.values()) {
            if (change(queue, fx -> queue.unlockIfHeldBy(owner, fx))) {
                unlocked.add(queue.key);
            }
        }
        unlocked.sort(KEY_ORDER);
        return unlocked;
    }

    /**
     * {@link ScopedLock}'s lock: joins {@code scope} to {@code owner}'s lock, taking it (without expiry) if the
     * environment is not locked. The lock then lifts when the last scope that joined it ends ({@link #unlockScope}).
     *
     * @throws EnvironmentLockedException if someone else holds the lock
     */
    EnvironmentLock lockForScope(EnvironmentKey key, String reason, String owner, String scope) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(scope, "scope");
        EnvironmentQueue queue = environment(key);
        return change(queue, fx -> queue.lockForScope(reason, owner, scope, fx));
    }

    /** Ends a scope of {@link #lockForScope}; leaves anyone else's lock, and other scopes' hold, alone. */
    LockHold.ScopeEnd unlockScope(EnvironmentKey key, String owner, String scope) {
        EnvironmentQueue queue = environments.get(key);
        return queue == null ? LockHold.ScopeEnd.NOT_JOINED : change(queue, fx -> queue.unlockScope(owner, scope, fx));
    }

    /** Whether {@code scope} of {@code owner} holds the environment's lock (restored state included). */
    boolean heldByScope(EnvironmentKey key, String owner, String scope) {
        return read(key, queue -> queue.heldByScope(owner, scope), false);
    }

    /**
     * Takes over someone else's lock; recorded with {@code by}, the reason and the previous owner ({@link
     * EnvironmentLock#stolenFrom()}). The stolen lock has no expiry; {@code by} can then unlock it.
     *
     * @throws LockOwnershipException if the environment is not locked
     */
    public EnvironmentLock steal(EnvironmentKey key, String by, String reason) {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        EnvironmentQueue queue = environment(key);
        return change(queue, fx -> queue.steal(by, reason, fx));
    }

    /** Sets the freeze schedule consulted whenever a deploy of {@code key} would start. */
    public void setFreezeSchedule(EnvironmentKey key, FreezeSchedule schedule) {
        EnvironmentQueue queue = environment(key);
        change(queue, fx -> {
            queue.setFreezeSchedule(schedule, fx);
            return null;
        });
    }

    // ---- views ----

    /** The waiting requests of an environment, next first, each with why it waits. */
    public List<QueueEntry> queue(EnvironmentKey key) {
        return read(key, EnvironmentQueue::entries, List.of());
    }

    /** Who holds the environment's slot, if anyone. */
    public Optional<SlotHolder> holder(EnvironmentKey key) {
        return read(key, EnvironmentQueue::holder, Optional.empty());
    }

    /** The lock in force on an environment, if any. */
    public Optional<EnvironmentLock> lockOf(EnvironmentKey key) {
        return read(key, EnvironmentQueue::currentLock, Optional.empty());
    }

    /** All locks in force, sorted by environment. */
    public List<EnvironmentLock> locks() {
        List<EnvironmentLock> locks = new ArrayList<>();
        for (EnvironmentQueue queue : environments.values()) {
            read(queue.key, EnvironmentQueue::currentLock, Optional.<EnvironmentLock>empty())
                    .ifPresent(locks::add);
        }
        locks.sort(Comparator.comparing(EnvironmentLock::key, KEY_ORDER));
        return locks;
    }

    /**
     * The environments that have anything to show: a deploy running or waiting, or a lock in force (an environment
     * created by a look-up alone is left out), sorted.
     */
    public List<EnvironmentKey> activeEnvironments() {
        List<EnvironmentKey> active = new ArrayList<>();
        for (EnvironmentQueue queue : environments.values()) {
            boolean busy = read(
                    queue.key,
                    q -> q.holder().isPresent()
                            || !q.entries().isEmpty()
                            || q.currentLock().isPresent(),
                    false);
            if (busy) {
                active.add(queue.key);
            }
        }
        active.sort(KEY_ORDER);
        return active;
    }

    // ---- persistence ----

    /** A consistent copy of each environment's state, for {@link CoordinatorStateCodec}. */
    public CoordinatorState snapshot() {
        List<CoordinatorState.EnvironmentState> states = new ArrayList<>();
        List<EnvironmentQueue> queues = new ArrayList<>(environments.values());
        queues.sort(Comparator.comparing(q -> q.key, KEY_ORDER));
        for (EnvironmentQueue queue : queues) {
            queue.guard.lock();
            try {
                if (!queue.isEmpty()) {
                    states.add(queue.toState());
                }
            } finally {
                queue.guard.unlock();
            }
        }
        return new CoordinatorState(CoordinatorStateCodec.FORMAT, instance, nextTicket.get(), states);
    }

    /**
     * Calls {@code listener} with a fresh {@link #snapshot()} after changes, so the plugin can persist state.
     * Notifications are coalesced and never concurrent: the last call always reflects the latest change. The
     * listener runs on a thread that just changed the coordinator; keep it short (write a file, or hand off).
     *
     * @return a handle that removes the listener
     */
    public AutoCloseable onChange(Consumer<CoordinatorState> listener) {
        return listeners.add(listener);
    }

    // ---- internals ----

    private static final Comparator<EnvironmentKey> KEY_ORDER =
            Comparator.comparing(EnvironmentKey::application).thenComparing(EnvironmentKey::environment);

    private EnvironmentQueue environment(EnvironmentKey key) {
        EnvironmentQueue existing = environments.get(key); // the common case, without computeIfAbsent's locking
        return existing != null
                ? existing
                : environments.computeIfAbsent(key, k -> new EnvironmentQueue(k, this, clock));
    }

    private <T> T read(EnvironmentKey key, Function<EnvironmentQueue, T> view, T none) {
        EnvironmentQueue queue = environments.get(key);
        if (queue == null) {
            return none;
        }
        queue.guard.lock();
        try {
            return view.apply(queue);
        } finally {
            queue.guard.unlock();
        }
    }

    /** Runs a mutation under the environment's guard, then its effects outside it. */
    private <T> T change(EnvironmentQueue queue, Function<Effects, T> mutation) {
        Effects fx = new Effects(bus);
        T result;
        queue.guard.lock();
        try {
            result = mutation.apply(fx);
            queue.reschedule(scheduler);
        } finally {
            queue.guard.unlock();
        }
        for (QueuedDeploy done : fx.finished) {
            // Retire before removing, so a concurrent awaitSlot always finds the ticket in one of the two maps.
            retired.retire(done);
            tickets.remove(done.ticket.id(), done);
        }
        fx.run();
        if (fx.changed) {
            listeners.changed(this::snapshot);
        }
        return result;
    }

    private static String newInstanceId() {
        byte[] bytes = new byte[4];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
