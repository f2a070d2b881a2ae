package io.jitploy.ledger;

import io.jitploy.health.HealthResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.LongFunction;

/**
 * The locking shared by the ledger implementations. Writers are serialized by one commit lock: each builds its
 * event from the current state, persists it, then applies it under the state write lock. Readers take only the
 * state read lock, so a query never waits for an fsync, only for the in-memory apply.
 */
abstract class GuardedReleaseLedger implements ReleaseLedger {
    final LedgerState state = new LedgerState();
    final ReentrantLock commitLock = new ReentrantLock();
    final ReentrantReadWriteLock stateLock = new ReentrantReadWriteLock();
    final Clock clock;
    private volatile boolean closed;

    GuardedReleaseLedger(Clock clock) {
        this.clock = clock;
    }

    /** Makes the event durable; called with the commit lock held, before the event is applied. */
    abstract void persist(LedgerEvent event);

    /** Called with the commit lock held after an event was persisted and applied. */
    void afterCommit() {}

    /** Builds the event from the next sequence number (null = nothing to change), persists and applies it. */
    private Release commit(String id, LongFunction<LedgerEvent> build) {
        commitLock.lock();
        try {
            ensureOpen();
            // Only commit-lock holders change the state, so reading it here without the read lock is safe.
            LedgerEvent event = build.apply(state.lastSeq() + 1);
            if (event == null) {
                return state.require(id);
            }
            persist(event);
            stateLock.writeLock().lock();
            try {
                state.apply(event);
            } finally {
                stateLock.writeLock().unlock();
            }
            afterCommit();
            return state.require(event.id());
        } finally {
            commitLock.unlock();
        }
    }

    void ensureOpen() {
        if (closed) {
            throw new LedgerException("The release ledger is closed. Open it again to record or query releases.");
        }
    }

    /** Marks the ledger closed; returns false if it already was. Call with the commit lock held. */
    boolean markClosed() {
        boolean wasOpen = !closed;
        closed = true;
        return wasOpen;
    }

    @Override
    public Release record(ReleaseDraft draft) {
        return commit(null, seq -> state.created(seq, clock.instant(), draft));
    }

    @Override
    public Release markStarted(String id, Instant at) {
        return commit(id, seq -> state.started(seq, id, at));
    }

    @Override
    public Release finish(String id, ReleaseResult result, Instant at, HealthResult health) {
        return commit(id, seq -> state.finished(seq, id, result, at, health));
    }

    @Override
    public Release recordHealth(String id, HealthResult health) {
        return commit(id, seq -> state.healthRecorded(seq, id, health, clock.instant()));
    }

    @Override
    public Release markBad(String id, String reason, String by) {
        return commit(id, seq -> state.markedBad(seq, id, reason, by, clock.instant()));
    }

    @Override
    public Release markIrreversible(String id, String by) {
        return commit(
                id,
                seq -> state.require(id).irreversible()
                        ? null
                        : state.markedIrreversible(seq, id, by, clock.instant()));
    }

    @Override
    public Release setNote(String id, String note) {
        return commit(id, seq -> state.noteSet(seq, id, note, clock.instant()));
    }

    private <T> T read(java.util.function.Supplier<T> query) {
        ensureOpen();
        stateLock.readLock().lock();
        try {
            return query.get();
        } finally {
            stateLock.readLock().unlock();
        }
    }

    @Override
    public Optional<Release> live(String application, String environment) {
        return read(() -> state.live(application, environment));
    }

    @Override
    public HistoryPage history(String application, String environment, int page, int size) {
        return read(() -> state.historyPage(application, environment, page, size));
    }

    @Override
    public HistoryPage history(String application, String environment, String cursor, int size) {
        return read(() -> state.historyAfter(application, environment, cursor, size));
    }

    @Override
    public Optional<Release> byId(String id) {
        return read(() -> state.byId(id));
    }

    @Override
    public LastGood lastGoodBefore(String application, String environment, String releaseId) {
        return read(() -> state.lastGoodBefore(application, environment, releaseId));
    }

    @Override
    public SortedMap<String, Release> liveMatrix(String application) {
        return read(() -> state.liveMatrix(application));
    }

    @Override
    public List<Release> unfinished() {
        return read(state::unfinished);
    }

    @Override
    public DoraMetrics dora(String application, String environment, Instant from, Instant to) {
        // Copy under the lock, compute outside it: metrics scan the environment and must not hold up writers.
        return DoraCalculator.compute(read(() -> state.environmentReleases(application, environment)), from, to);
    }
}
