package io.jitploy.coordination;

import java.util.Objects;

/**
 * A lock held by one owner for one scope (a Pipeline block), that never outlives the scope: the scope may be stopped
 * before the lock is taken, while it is being taken, while the scope is about to start or while it runs, and the lock
 * ends up released in every case, once. The thread that takes the lock and a thread that stops the scope may race;
 * whichever comes second releases it.
 *
 * <p>Re-entrant: a scope of an owner that already holds the lock (a block nested in another block of the same build,
 * or running beside it) joins that lock, and the lock lifts only when the last scope that joined it ends. Each scope
 * has a name, unique for its owner and stable across restarts, which the coordinator records with the lock (and
 * persists), so that ending one scope, even twice, never ends another's hold.
 *
 * <p>Only the in-memory race needs this object. After a restart, {@link #resume} asks the coordinator (restored from
 * disk) whether the scope still holds the lock.
 */
public final class ScopedLock {
    /** What releasing did. */
    public enum Released {
        /** The owner held the lock; it is removed now. */
        RELEASED,
        /** The owner did not hold it (never taken, already released, or expired): nothing to do. */
        NOT_HELD,
        /** Someone else holds the lock now (stolen): it is left alone. */
        TAKEN_OVER,
        /** Another scope of the owner (an enclosing block) still holds the lock: it stays until that scope ends. */
        KEPT_FOR_OTHER_SCOPE,
        /** The lock is being taken right now: the taking thread releases it as soon as it has it. */
        RELEASED_WHEN_TAKEN
    }

    private enum Phase {
        IDLE,
        TAKING,
        HELD,
        OVER
    }

    private final DeployCoordinator coordinator;
    private final EnvironmentKey key;
    private final String owner;
    private final String scope;
    private Phase phase;
    private boolean stopped;
    private boolean joined;

    /**
     * A scope that has not taken its lock yet.
     *
     * @param scope names this scope among the owner's, the same after a restart (say, a random id the block saves)
     */
    public ScopedLock(DeployCoordinator coordinator, EnvironmentKey key, String owner, String scope) {
        this(coordinator, key, owner, scope, Phase.IDLE);
    }

    private ScopedLock(DeployCoordinator coordinator, EnvironmentKey key, String owner, String scope, Phase phase) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.key = Objects.requireNonNull(key, "key");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.scope = Objects.requireNonNull(scope, "scope");
        this.phase = phase;
    }

    /**
     * The scope after a restart: held if the coordinator says this scope of {@code owner} still holds the lock (then
     * {@link #release()} and {@link #stop()} end its hold), otherwise not taken (then {@link #acquire} may take it
     * again, or join the lock an enclosing scope of the owner holds).
     */
    public static ScopedLock resume(DeployCoordinator coordinator, EnvironmentKey key, String owner, String scope) {
        ScopedLock resumed = new ScopedLock(coordinator, key, owner, scope, Phase.IDLE);
        if (resumed.heldByScope()) {
            resumed.phase = Phase.HELD;
        }
        return resumed;
    }

    /**
     * Takes the lock for the scope, without expiry, or joins the lock the owner already holds.
     *
     * @return true when the lock is held and the scope may start; false when the scope was stopped before or while
     *     the lock was taken: then the lock is not held (taken meanwhile, it was released again at once)
     * @throws EnvironmentLockedException if someone else holds the lock
     * @throws IllegalStateException if this scope already took its lock
     */
    public boolean acquire(String reason) {
        synchronized (this) {
            if (stopped) {
                phase = Phase.OVER;
                return false;
            }
            if (phase != Phase.IDLE) {
                throw new IllegalStateException("the lock of " + key + " for " + owner + " was already taken");
            }
            phase = Phase.TAKING;
        }
        // Only for telling the user; a sibling scope of the same owner racing here changes nothing that matters.
        boolean ownedAlready = coordinator
                .lockOf(key)
                .filter(lock -> lock.owner().equals(owner))
                .isPresent();
        try {
            coordinator.lockForScope(key, reason, owner, scope);
        } catch (RuntimeException e) {
            // Refused (someone else's lock), or taken but a listener failed afterwards: only the second holds it.
            if (!heldByScope()) {
                synchronized (this) {
                    phase = Phase.OVER;
                }
                throw e;
            }
        }
        synchronized (this) {
            if (!stopped) {
                phase = Phase.HELD;
                joined = ownedAlready;
                return true;
            }
            phase = Phase.OVER;
        }
        coordinator.unlockScope(key, owner, scope); // stop() came while the lock was being taken
        return false;
    }

    /**
     * The scope is stopped (aborted), whatever its phase: releases the lock if held; a lock being taken right now is
     * released by {@link #acquire} when it returns, and a later {@link #acquire} takes nothing.
     */
    public Released stop() {
        synchronized (this) {
            stopped = true;
            switch (phase) {
                case TAKING:
                    return Released.RELEASED_WHEN_TAKEN;
                case HELD:
                    phase = Phase.OVER;
                    break;
                default:
                    phase = Phase.OVER;
                    return Released.NOT_HELD;
            }
        }
        return unlock();
    }

    /**
     * The scope ended: releases the lock if this scope holds it and no other scope of the owner does (once; later
     * calls do nothing).
     */
    public Released release() {
        synchronized (this) {
            if (phase != Phase.HELD) {
                return Released.NOT_HELD;
            }
            phase = Phase.OVER;
        }
        return unlock();
    }

    /** Whether this scope holds the lock (taken, not yet released or stopped). */
    public synchronized boolean isHeld() {
        return phase == Phase.HELD;
    }

    /**
     * Whether {@link #acquire} joined a lock another scope of the owner already held (so the lock keeps that scope's
     * reason, and lifts only when both have ended), rather than taking it.
     */
    public synchronized boolean joinedOtherScope() {
        return joined;
    }

    /** Whether the scope was stopped. */
    public synchronized boolean isStopped() {
        return stopped;
    }

    public EnvironmentKey key() {
        return key;
    }

    public String owner() {
        return owner;
    }

    public String scope() {
        return scope;
    }

    private Released unlock() {
        switch (coordinator.unlockScope(key, owner, scope)) {
            case LIFTED:
                return Released.RELEASED;
            case KEPT:
                return Released.KEPT_FOR_OTHER_SCOPE;
            default:
                boolean someoneElse = coordinator
                        .lockOf(key)
                        .filter(lock -> !lock.owner().equals(owner))
                        .isPresent();
                return someoneElse ? Released.TAKEN_OVER : Released.NOT_HELD;
        }
    }

    private boolean heldByScope() {
        return coordinator.heldByScope(key, owner, scope);
    }
}
