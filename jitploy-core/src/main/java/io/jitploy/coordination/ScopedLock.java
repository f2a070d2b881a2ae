package io.jitploy.coordination;

import java.util.Objects;
import java.util.Optional;

/**
 * A lock held by one owner for one scope (a Pipeline block), that never outlives the scope: the scope may be stopped
 * before the lock is taken, while it is being taken, while the scope is about to start or while it runs, and the lock
 * ends up released in every case, once. The thread that takes the lock and a thread that stops the scope may race;
 * whichever comes second releases it.
 *
 * <p>Only the in-memory race needs this object. After a restart, {@link #resume} asks the coordinator (restored from
 * disk) whether the owner still holds the lock.
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
    private Phase phase;
    private boolean stopped;

    /** A scope that has not taken its lock yet. */
    public ScopedLock(DeployCoordinator coordinator, EnvironmentKey key, String owner) {
        this(coordinator, key, owner, Phase.IDLE);
    }

    private ScopedLock(DeployCoordinator coordinator, EnvironmentKey key, String owner, Phase phase) {
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
        this.key = Objects.requireNonNull(key, "key");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.phase = phase;
    }

    /**
     * The scope after a restart: held if the coordinator says {@code owner} still holds the lock (then {@link
     * #release()} and {@link #stop()} remove it), otherwise not taken (then {@link #acquire} may take it again).
     */
    public static ScopedLock resume(DeployCoordinator coordinator, EnvironmentKey key, String owner) {
        ScopedLock scope = new ScopedLock(coordinator, key, owner, Phase.IDLE);
        if (scope.heldByOwner()) {
            scope.phase = Phase.HELD;
        }
        return scope;
    }

    /**
     * Takes the lock for the scope, without expiry.
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
        try {
            coordinator.lock(key, reason, owner, Optional.empty());
        } catch (RuntimeException e) {
            // Refused (someone else's lock), or taken but a listener failed afterwards: only the second holds it.
            if (!heldByOwner()) {
                synchronized (this) {
                    phase = Phase.OVER;
                }
                throw e;
            }
        }
        synchronized (this) {
            if (!stopped) {
                phase = Phase.HELD;
                return true;
            }
            phase = Phase.OVER;
        }
        coordinator.unlockIfHeldBy(key, owner); // stop() came while the lock was being taken
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

    /** The scope ended: releases the lock if this scope holds it (once; later calls do nothing). */
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

    private Released unlock() {
        if (coordinator.unlockIfHeldBy(key, owner)) {
            return Released.RELEASED;
        }
        return coordinator.lockOf(key).isPresent() ? Released.TAKEN_OVER : Released.NOT_HELD;
    }

    private boolean heldByOwner() {
        return coordinator
                .lockOf(key)
                .map(EnvironmentLock::owner)
                .filter(owner::equals)
                .isPresent();
    }
}
