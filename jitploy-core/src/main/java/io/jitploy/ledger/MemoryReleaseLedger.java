package io.jitploy.ledger;

import java.time.Clock;

/** A ledger without persistence: same rules and queries as the file ledger, gone when the JVM exits. */
final class MemoryReleaseLedger extends GuardedReleaseLedger {
    MemoryReleaseLedger(Clock clock) {
        super(clock);
    }

    @Override
    void persist(LedgerEvent event) {
        // Nothing to write.
    }

    @Override
    public void close() {
        commitLock.lock();
        try {
            markClosed();
        } finally {
            commitLock.unlock();
        }
    }
}
