package io.jitploy.coordination;

import io.jitploy.config.FreezeSchedule;
import io.jitploy.config.FreezeSchedule.ActiveFreeze;
import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The slot, queue, lock and freeze of one environment. Every method must be called with {@link #guard} held;
 * consequences that run foreign code (future completion, events) are only recorded into {@link Effects}.
 *
 * <p>This is one state machine behind one lock (slot, queue, lock, freeze and the grant loop that reads them
 * all), which is why the grant loop and the state it decides on stay in this class. The two things that can hold
 * the head of the queue back keep their own rules and announcements: the lock in {@link LockHold}, the freeze
 * schedule in {@link FreezeHold}.
 */
final class EnvironmentQueue {
    final EnvironmentKey key;
    final ReentrantLock guard = new ReentrantLock();
    private final DeployCoordinator coordinator;
    private final Clock clock;

    private QueuedDeploy holder;
    private final ArrayDeque<QueuedDeploy> waiting = new ArrayDeque<>();
    private final LockHold lockHold;
    private Long lastSucceededOrder;
    private String lastSucceededVersion;
    private final FreezeHold freezeHold;
    private final WakeUpTimer wakeUp;
    /** Why the head of the queue is not starting although the slot is free (lock or freeze), else null. */
    private String blockedReason;

    EnvironmentQueue(EnvironmentKey key, DeployCoordinator coordinator, Clock clock) {
        this.key = key;
        this.coordinator = coordinator;
        this.clock = clock;
        this.lockHold = new LockHold(key, clock);
        this.freezeHold = new FreezeHold(key);
        this.wakeUp = new WakeUpTimer(token -> coordinator.onTimer(this, token));
    }

    // ---- requests ----

    void enqueue(QueuedDeploy entry, Effects fx) {
        Instant now = entry.ticket.queuedAt();
        fx.publish(event(EventType.QUEUED, now, entry)
                .detail(entry.request.reason())
                .attribute("ticket", entry.ticket.id())
                .attribute("position", Integer.toString(waiting.size() + (holder == null ? 0 : 1) + 1))
                .build());
        // Stale versions are refused at once; they are checked again when they would start.
        StaleVersionException stale = staleness(entry);
        if (stale != null) {
            refuse(entry, stale, "a newer version already succeeded", now, fx);
            return;
        }
        if (entry.request.supersede() && !entry.request.isHold()) {
            supersedeOlderThan(entry, now, fx);
        }
        waiting.addLast(entry);
        pump(now, fx);
    }

    private void supersedeOlderThan(QueuedDeploy newer, Instant now, Effects fx) {
        for (Iterator<QueuedDeploy> it = waiting.iterator(); it.hasNext(); ) {
            QueuedDeploy older = it.next();
            if (older.request.isHold() || !isOlder(older.request, newer.request)) {
                continue;
            }
            it.remove();
            fx.fail(
                    older,
                    new SupersededException(
                            older.ticket,
                            older.request.version(),
                            newer.request.version(),
                            newer.ticket.id(),
                            newer.request.requestedBy()));
            fx.publish(event(EventType.SUPERSEDED, now, older)
                    .actor(newer.request.requestedBy())
                    .detail("superseded by " + newer.request.version())
                    .attribute("ticket", older.ticket.id())
                    .attribute("supersededBy", newer.request.version())
                    .attribute("supersededByTicket", newer.ticket.id())
                    .build());
        }
    }

    /** Without order keys on both sides, every earlier waiting deploy counts as older. */
    private static boolean isOlder(DeployRequest candidate, DeployRequest newer) {
        if (candidate.orderKey().isEmpty() || newer.orderKey().isEmpty()) {
            return true;
        }
        return candidate.orderKey().getAsLong() < newer.orderKey().getAsLong();
    }

    boolean release(DeploySlot slot, boolean succeeded, Effects fx) {
        if (holder == null || holder.slot != slot || slot.isReleased()) {
            return false;
        }
        if (succeeded && slot.request().orderKey().isPresent()) {
            recordSucceeded(
                    slot.request().orderKey().getAsLong(), slot.request().version(), fx);
        }
        slot.markReleased();
        fx.finish(holder);
        holder = null;
        pump(clock.instant(), fx);
        return true;
    }

    boolean cancel(QueuedDeploy entry, String by, Effects fx) {
        Instant now = clock.instant();
        if (entry.state == QueuedDeploy.State.WAITING && waiting.remove(entry)) {
            fx.fail(entry, new DeployCancelledException(entry.ticket, entry.what(), by));
        } else if (entry.state == QueuedDeploy.State.HOLDING && holder == entry) {
            entry.slot.markReleased();
            fx.finish(entry);
            holder = null;
        } else {
            return false;
        }
        fx.publish(event(EventType.ABORTED, now, entry)
                .actor(by)
                .detail("cancelled by " + by)
                .attribute("ticket", entry.ticket.id())
                .build());
        pump(now, fx);
        return true;
    }

    void recordSucceeded(long orderKey, String version, Effects fx) {
        if (lastSucceededOrder == null || orderKey >= lastSucceededOrder) {
            lastSucceededOrder = orderKey;
            lastSucceededVersion = version;
            fx.changed = true;
        }
    }

    // ---- locks and freezes ----

    EnvironmentLock lock(String reason, String owner, Instant expiresAt, Effects fx) {
        Instant now = clock.instant();
        EnvironmentLock taken = lockHold.lock(reason, owner, expiresAt, now, fx);
        pump(now, fx);
        return taken;
    }

    boolean unlock(String by, Effects fx) {
        Instant now = clock.instant();
        if (!lockHold.unlock(by, now, fx)) {
            return false;
        }
        pump(now, fx);
        return true;
    }

    EnvironmentLock lockForScope(String reason, String owner, String scope, Effects fx) {
        Instant now = clock.instant();
        EnvironmentLock taken = lockHold.lockForScope(reason, owner, scope, now, fx);
        pump(now, fx); // also marks the state changed: the scope must survive a restart
        return taken;
    }

    LockHold.ScopeEnd unlockScope(String owner, String scope, Effects fx) {
        Instant now = clock.instant();
        LockHold.ScopeEnd end = lockHold.unlockScope(owner, scope, now, fx);
        pump(now, fx);
        return end;
    }

    boolean heldByScope(String owner, String scope) {
        return lockHold.heldByScope(owner, scope, clock.instant());
    }

    /** Unlocks if {@code owner} holds the lock; leaves anyone else's lock alone. */
    boolean unlockIfHeldBy(String owner, Effects fx) {
        return lockHold.heldBy(owner, clock.instant()) && unlock(owner, fx);
    }

    EnvironmentLock steal(String by, String reason, Effects fx) {
        Instant now = clock.instant();
        EnvironmentLock stolen = lockHold.steal(by, reason, now, fx);
        pump(now, fx);
        return stolen;
    }

    void setFreezeSchedule(FreezeSchedule schedule, Effects fx) {
        freezeHold.schedule(schedule);
        fx.changed = true;
        pump(clock.instant(), fx);
    }

    /** A timer fired: a lock may have expired or a freeze ended. */
    void onTimer(Object token, Effects fx) {
        wakeUp.fired(token);
        pump(clock.instant(), fx);
    }

    // ---- the grant loop ----

    /** Grants the slot to the next eligible waiter, failing or holding waiters that may not start now. */
    private void pump(Instant now, Effects fx) {
        lockHold.expireIfDue(now, fx);
        blockedReason = null;
        freezeHold.beginEvaluation();
        while (holder == null && !waiting.isEmpty()) {
            QueuedDeploy head = waiting.peekFirst();
            StaleVersionException stale = staleness(head);
            if (stale != null) {
                waiting.pollFirst();
                refuse(head, stale, "a newer version already succeeded", now, fx);
                continue;
            }
            EnvironmentLock lock = lockHold.against(head.request.requestedBy());
            if (lock != null) {
                String description = TimeText.lockDescription(lock, clock.getZone());
                if (head.request.failFast()) {
                    waiting.pollFirst();
                    refuse(
                            head,
                            new EnvironmentLockedException(
                                    lock,
                                    description,
                                    "Wait for the lock to lift, ask " + lock.owner() + " to unlock it, steal it with a"
                                            + " reason, or queue without failFast to start automatically when it"
                                            + " lifts."),
                            description,
                            now,
                            fx);
                    continue;
                }
                blockedReason = description;
                break;
            }
            Optional<ActiveFreeze> active = freezeHold.activeAt(now);
            if (active.isPresent()) {
                String description = TimeText.freezeDescription(
                        active.get().reason(), active.get().endsAt(), clock.getZone());
                if (head.request.failFast()) {
                    waiting.pollFirst();
                    refuse(
                            head,
                            new EnvironmentFrozenException(
                                    key, description, active.get().endsAt()),
                            description,
                            now,
                            fx);
                    continue;
                }
                blockedReason = description;
                freezeHold.hold(active.get(), description, now, fx);
                break;
            }
            freezeHold.end(now, fx); // announce the end before the deploy it releases starts
            grant(waiting.pollFirst(), now, fx);
        }
        freezeHold.endEvaluation(now, fx);
        fx.changed = true;
    }

    /** Fails a request that may not start, and says so on the event stream so views do not show it queued. */
    private void refuse(QueuedDeploy entry, CoordinationException failure, String why, Instant now, Effects fx) {
        fx.fail(entry, failure);
        fx.publish(event(EventType.ABORTED, now, entry)
                .detail("refused: " + why)
                .attribute("ticket", entry.ticket.id())
                .attribute("refusal", failure.getClass().getSimpleName())
                .build());
    }

    private void grant(QueuedDeploy entry, Instant now, Effects fx) {
        entry.state = QueuedDeploy.State.HOLDING;
        entry.slot = new DeploySlot(coordinator, entry.ticket, entry.request, now);
        holder = entry;
        fx.grant(entry);
        fx.publish(event(EventType.STARTED, now, entry)
                .detail(entry.request.reason())
                .attribute("ticket", entry.ticket.id())
                .attribute(
                        "waitedMillis",
                        Long.toString(
                                now.toEpochMilli() - entry.ticket.queuedAt().toEpochMilli()))
                .build());
    }

    private StaleVersionException staleness(QueuedDeploy entry) {
        DeployRequest request = entry.request;
        if (request.isHold()
                || request.trigger() == Trigger.ROLLBACK
                || request.orderKey().isEmpty()
                || lastSucceededOrder == null
                || request.orderKey().getAsLong() >= lastSucceededOrder) {
            return null;
        }
        return new StaleVersionException(
                key, request.version(), request.orderKey().getAsLong(), lastSucceededOrder, lastSucceededVersion);
    }

    /** Keeps exactly one timer, at the earliest instant something may change by itself. */
    void reschedule(Scheduler scheduler) {
        Instant wanted = lockHold.expiresAt();
        Instant freezeEndsAt = freezeHold.wakeAt();
        if (freezeEndsAt != null && (wanted == null || freezeEndsAt.isBefore(wanted))) {
            wanted = freezeEndsAt;
        }
        wakeUp.aim(wanted, scheduler);
    }

    // ---- views ----

    List<QueueEntry> entries() {
        List<QueueEntry> entries = new ArrayList<>(waiting.size());
        int position = 1;
        for (QueuedDeploy entry : waiting) {
            entries.add(new QueueEntry(
                    entry.ticket.id(),
                    position,
                    entry.request.requestedBy(),
                    entry.request.version(),
                    entry.ticket.queuedAt(),
                    waitingReason(position)));
            position++;
        }
        return entries;
    }

    private String waitingReason(int position) {
        if (position == 1) {
            if (holder != null) {
                return "waiting for the slot: " + holder.request.requestedBy() + " holds it ("
                        + holder.request.describe() + ") since "
                        + TimeText.format(holder.grantedAt(), clock.getZone());
            }
            return blockedReason != null ? blockedReason : "starting";
        }
        int ahead = position - 1;
        String behind = "queued behind " + ahead + (ahead == 1 ? " earlier request" : " earlier requests");
        return blockedReason != null ? behind + "; " + blockedReason : behind;
    }

    Optional<SlotHolder> holder() {
        if (holder == null) {
            return Optional.empty();
        }
        return Optional.of(new SlotHolder(
                holder.ticket.id(),
                holder.request.requestedBy(),
                holder.request.version(),
                holder.request.reason(),
                holder.grantedAt()));
    }

    Optional<EnvironmentLock> currentLock() {
        return lockHold.current(clock.instant());
    }

    boolean isEmpty() {
        return holder == null && waiting.isEmpty() && !lockHold.isLocked() && lastSucceededOrder == null;
    }

    // ---- persistence ----

    CoordinatorState.EnvironmentState toState() {
        List<CoordinatorState.TicketState> waitingStates = new ArrayList<>(waiting.size());
        for (QueuedDeploy entry : waiting) {
            waitingStates.add(entry.toState());
        }
        return new CoordinatorState.EnvironmentState(
                key.application(),
                key.environment(),
                holder == null ? null : holder.toState(),
                waitingStates,
                lockHold.toState(),
                lastSucceededOrder,
                lastSucceededVersion,
                freezeHold.holding());
    }

    /** Rebuilds this queue from persisted state; returns every restored request (holder first). */
    List<QueuedDeploy> restore(CoordinatorState.EnvironmentState state) {
        List<QueuedDeploy> restored = new ArrayList<>();
        if (state.holder() != null) {
            QueuedDeploy entry = QueuedDeploy.fromState(key, state.holder());
            Instant grantedAt = state.holder().grantedAt() != null
                    ? state.holder().grantedAt()
                    : state.holder().queuedAt();
            entry.state = QueuedDeploy.State.HOLDING;
            entry.slot = new DeploySlot(coordinator, entry.ticket, entry.request, grantedAt);
            entry.future.complete(entry.slot); // nobody can be listening yet: safe under the guard
            holder = entry;
            restored.add(entry);
        }
        for (CoordinatorState.TicketState ticket : state.waiting()) {
            QueuedDeploy entry = QueuedDeploy.fromState(key, ticket);
            waiting.addLast(entry);
            restored.add(entry);
        }
        lockHold.restore(state.lock());
        lastSucceededOrder = state.lastSucceededOrder();
        lastSucceededVersion = state.lastSucceededVersion();
        freezeHold.restoreHolding(state.heldByFreeze());
        return restored;
    }

    /** Re-evaluates after a restore: locks may have expired and freezes ended while the controller was down. */
    void resume(FreezeSchedule schedule, Effects fx) {
        if (schedule != null) {
            freezeHold.schedule(schedule);
        }
        pump(clock.instant(), fx);
    }

    private DeployEvent.Builder event(EventType type, Instant at, QueuedDeploy entry) {
        return DeployEvent.of(type, at, key.application(), key.environment())
                .version(entry.request.version())
                .actor(entry.request.requestedBy());
    }
}
