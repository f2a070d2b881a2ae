package io.jitploy.coordination;

import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The lock on an environment and its rules: only the owner re-locks or unlocks, anyone may steal it with a reason
 * (recorded), and it lifts by itself at its expiry. Every change is announced. The queue asks {@link #against}
 * whether the lock holds back a deploy and re-evaluates after each change. Guarded, like the rest of the
 * environment's state, by its {@link EnvironmentQueue}'s lock.
 *
 * <p>Scopes make the lock re-entrant for {@link ScopedLock}: a block of the owner joins the lock the owner already
 * holds (a {@code jitployLock} block inside another of the same build), and the lock lifts only when the last
 * scope that joined it ends. Scopes are named rather than counted, so that after a restart a block knows whether
 * it had joined, and ending a scope twice cannot end another's. Unlocking, stealing and expiry drop every scope.
 */
final class LockHold {
    private final EnvironmentKey key;
    private final Clock clock;
    private EnvironmentLock lock;
    /** The scopes that joined the lock, in joining order; empty for a lock taken without a scope. */
    private final Set<String> scopes = new LinkedHashSet<>();

    /** What ending a scope did to the lock. */
    enum ScopeEnd {
        /** It was the last scope (or the lock had none): the lock is lifted. */
        LIFTED,
        /** Other scopes of the owner still hold the lock: it stays. */
        KEPT,
        /** The owner does not hold the lock, or this scope never joined it: nothing changed. */
        NOT_JOINED
    }

    LockHold(EnvironmentKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
    }

    EnvironmentLock lock(String reason, String owner, Instant expiresAt, Instant now, Effects fx) {
        expireIfDue(now, fx);
        if (expiresAt != null && !expiresAt.isAfter(now)) {
            throw new IllegalArgumentException("lock expiry " + expiresAt + " for " + key + " is not in the future");
        }
        if (lock != null && !lock.owner().equals(owner)) {
            throw new EnvironmentLockedException(
                    lock,
                    TimeText.lockDescription(lock, clock.getZone()),
                    "Ask " + lock.owner() + " to unlock it, wait for it to expire, or steal it with a reason.");
        }
        lock = new EnvironmentLock(key, owner, reason, now, expiresAt, null); // the owner's scopes stay joined
        fx.publish(lockEvent(EventType.LOCKED, now, owner, reason).build());
        return lock;
    }

    /**
     * Joins {@code scope} to the owner's lock, taking the lock (without expiry) if nobody holds it. Joining the lock
     * the owner holds changes nothing else and announces nothing: for everyone else it is the same lock.
     */
    EnvironmentLock lockForScope(String reason, String owner, String scope, Instant now, Effects fx) {
        expireIfDue(now, fx);
        if (lock == null || !lock.owner().equals(owner)) {
            lock(reason, owner, null, now, fx); // takes it, or refuses someone else's with the usual message
        }
        scopes.add(scope);
        return lock;
    }

    /** Ends {@code scope}: the lock lifts when no other scope of its owner holds it. */
    ScopeEnd unlockScope(String owner, String scope, Instant now, Effects fx) {
        if (!heldBy(owner, now)) {
            expireIfDue(now, fx);
            return ScopeEnd.NOT_JOINED;
        }
        boolean joined = scopes.remove(scope);
        if (!joined && !scopes.isEmpty()) {
            return ScopeEnd.NOT_JOINED; // never joined, or ended already: leave the other scopes' lock alone
        }
        if (!scopes.isEmpty()) {
            return ScopeEnd.KEPT;
        }
        // The last scope; or a lock without scopes (taken by lock(), or restored from state that did not name
        // them), which the owner's scope releases as it always did.
        unlock(owner, now, fx);
        return ScopeEnd.LIFTED;
    }

    /** Whether {@code scope} of {@code owner} holds the lock (a lock without scopes is held by all of them). */
    boolean heldByScope(String owner, String scope, Instant now) {
        return heldBy(owner, now) && (scopes.isEmpty() || scopes.contains(scope));
    }

    /** Returns false if the environment was not locked. */
    boolean unlock(String by, Instant now, Effects fx) {
        expireIfDue(now, fx);
        if (lock == null) {
            return false;
        }
        if (!lock.owner().equals(by)) {
            throw new LockOwnershipException(key + " is " + TimeText.lockDescription(lock, clock.getZone())
                    + "; only " + lock.owner() + " can unlock it. To take it over, steal it with a reason "
                    + "(the steal is recorded).");
        }
        lock = null;
        scopes.clear();
        fx.publish(lockEvent(EventType.UNLOCKED, now, by, "unlocked by " + by).build());
        return true;
    }

    /** Whether {@code owner} holds the lock in force (an expired lock is held by nobody). */
    boolean heldBy(String owner, Instant now) {
        return lock != null && !lock.expiredAt(now) && lock.owner().equals(owner);
    }

    EnvironmentLock steal(String by, String reason, Instant now, Effects fx) {
        expireIfDue(now, fx);
        if (lock == null) {
            throw new LockOwnershipException(
                    key + " is not locked, so there is nothing to steal; lock it instead if you need it.");
        }
        EnvironmentLock previous = lock;
        lock = new EnvironmentLock(key, by, reason, now, null, previous.owner());
        scopes.clear(); // the previous owner's blocks no longer hold it
        fx.publish(lockEvent(EventType.UNLOCKED, now, by, "stolen from " + previous.owner() + ": " + reason)
                .attribute("stolenFrom", previous.owner())
                .build());
        fx.publish(lockEvent(EventType.LOCKED, now, by, reason)
                .attribute("stolenFrom", previous.owner())
                .build());
        return lock;
    }

    void expireIfDue(Instant now, Effects fx) {
        if (lock != null && lock.expiredAt(now)) {
            EnvironmentLock expired = lock;
            lock = null;
            scopes.clear();
            fx.publish(lockEvent(EventType.UNLOCKED, now, "jenkins", "lock expired: " + expired.reason())
                    .attribute("owner", expired.owner())
                    .build());
        }
    }

    /** The lock that holds back a deploy requested by {@code requester} (someone else's lock), else null. */
    EnvironmentLock against(String requester) {
        return lock != null && !lock.owner().equals(requester) ? lock : null;
    }

    /** When the lock lifts by itself (the queue's wake-up), else null. */
    Instant expiresAt() {
        return lock == null ? null : lock.expiresAt();
    }

    Optional<EnvironmentLock> current(Instant now) {
        if (lock != null && lock.expiredAt(now)) {
            return Optional.empty(); // the expiry timer removes it and announces it
        }
        return Optional.ofNullable(lock);
    }

    boolean isLocked() {
        return lock != null;
    }

    CoordinatorState.LockState toState() {
        return lock == null
                ? null
                : new CoordinatorState.LockState(
                        lock.owner(),
                        lock.reason(),
                        lock.since(),
                        lock.expiresAt(),
                        lock.stolenFrom(),
                        List.copyOf(scopes));
    }

    void restore(CoordinatorState.LockState state) {
        if (state != null) {
            lock = new EnvironmentLock(
                    key, state.owner(), state.reason(), state.since(), state.expiresAt(), state.stolenFrom());
            scopes.addAll(state.scopes());
        }
    }

    private DeployEvent.Builder lockEvent(EventType type, Instant at, String actor, String detail) {
        return DeployEvent.of(type, at, key.application(), key.environment())
                .actor(actor)
                .detail(detail);
    }
}
