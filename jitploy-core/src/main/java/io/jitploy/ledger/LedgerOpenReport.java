package io.jitploy.ledger;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@link FileReleaseLedger#open} found on disk.
 *
 * @param segments how many segment files the ledger has
 * @param snapshotSequence the last record sequence covered by the snapshot used, or 0 when none was used
 * @param replayedRecords how many records were read from segments after the snapshot
 * @param releases how many releases the ledger holds
 * @param tornTail the incomplete record found (and cut off) at the end of the last segment, or null
 * @param snapshotProblem why an existing snapshot was not used (then everything was replayed), or null
 */
public record LedgerOpenReport(
        int segments,
        long snapshotSequence,
        long replayedRecords,
        int releases,
        TornTail tornTail,
        String snapshotProblem) {

    /**
     * An incomplete last record, left by a crash in the middle of an append. It was never acknowledged to a caller
     * (appends return only after fsync), so cutting it off loses nothing that was promised.
     *
     * @param segment the segment file
     * @param offset where the incomplete record started
     * @param bytes how many bytes were cut off
     * @param savedTo a copy of the cut bytes ({@code <segment>.torn-<offset>} in the ledger directory), or null if
     *     there were none
     */
    public record TornTail(Path segment, long offset, long bytes, Path savedTo) {}

    public Optional<TornTail> torn() {
        return Optional.ofNullable(tornTail);
    }
}
