package io.jitploy.ledger;

import java.time.Clock;
import java.util.Objects;

/**
 * Tuning for {@link FileReleaseLedger}. The defaults suit a Jenkins controller; tests inject a clock.
 *
 * @param clock time source for marks and notes
 * @param segmentBytes a segment is closed and a new one started once it would grow past this size
 * @param snapshotEvery a snapshot is written after this many appended records (and on close)
 * @param fsync whether each append waits for {@code FileChannel.force}; turning it off loses the durability
 *     guarantee and exists only to build large benchmark fixtures quickly
 */
public record LedgerOptions(Clock clock, long segmentBytes, int snapshotEvery, boolean fsync) {
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    public static final int DEFAULT_SNAPSHOT_EVERY = 10_000;

    public LedgerOptions {
        Objects.requireNonNull(clock, "clock");
        if (segmentBytes < 4096 || segmentBytes > (1L << 30)) {
            throw new IllegalArgumentException("segmentBytes must be between 4 KiB and 1 GiB, got " + segmentBytes);
        }
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshotEvery must be at least 1, got " + snapshotEvery);
        }
    }

    public static LedgerOptions defaults() {
        return new LedgerOptions(Clock.systemUTC(), DEFAULT_SEGMENT_BYTES, DEFAULT_SNAPSHOT_EVERY, true);
    }

    public LedgerOptions withClock(Clock value) {
        return new LedgerOptions(value, segmentBytes, snapshotEvery, fsync);
    }

    public LedgerOptions withSegmentBytes(long value) {
        return new LedgerOptions(clock, value, snapshotEvery, fsync);
    }

    public LedgerOptions withSnapshotEvery(int value) {
        return new LedgerOptions(clock, segmentBytes, value, fsync);
    }

    /** Unsafe: appends no longer wait for the disk. For benchmark fixtures only. */
    public LedgerOptions withoutFsync() {
        return new LedgerOptions(clock, segmentBytes, snapshotEvery, false);
    }
}
