package io.jitploy.ledger;

import io.jitploy.health.HealthResult;
import java.time.Instant;

/**
 * One state change, as appended to the ledger. Replaying the events in sequence order rebuilds every release.
 * Each has a ledger-wide sequence number without gaps, which replay checks to notice missing records.
 */
sealed interface LedgerEvent {
    long seq();

    Instant at();

    String id();

    record Created(long seq, Instant at, Release release) implements LedgerEvent {
        @Override
        public String id() {
            return release.id();
        }
    }

    record Started(long seq, Instant at, String id) implements LedgerEvent {}

    record Finished(long seq, Instant at, String id, ReleaseResult result, HealthResult health)
            implements LedgerEvent {}

    record HealthRecorded(long seq, Instant at, String id, HealthResult health) implements LedgerEvent {}

    record MarkedBad(long seq, Instant at, String id, String reason, String by) implements LedgerEvent {}

    record MarkedIrreversible(long seq, Instant at, String id, String by) implements LedgerEvent {}

    record NoteSet(long seq, Instant at, String id, String note) implements LedgerEvent {}
}
