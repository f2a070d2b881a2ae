package io.jitploy.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A {@link ReleaseLedger} stored in a directory: append-only segment files with a checksum per record, fsync on
 * every commit, and a snapshot for fast start. The format and the recovery rules are in {@code docs/ledger.md}.
 *
 * <p>One process at a time: {@link #open} takes an exclusive lock on {@code ledger.lock} in the directory and
 * refuses with {@link LedgerLockedException} if another process (or another open instance in this JVM) holds it.
 */
public final class FileReleaseLedger extends GuardedReleaseLedger {
    static final String LOCK_NAME = "ledger.lock";

    private final Path dir;
    private final LedgerOptions options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private SegmentLog log;
    private LedgerOpenReport report;
    private long sinceSnapshot;

    private FileReleaseLedger(Path dir, LedgerOptions options, FileChannel lockChannel, FileLock lock) {
        super(options.clock());
        this.dir = dir;
        this.options = options;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /** Opens (or creates) the ledger in {@code dir} with the default options. */
    public static FileReleaseLedger open(Path dir) {
        return open(dir, LedgerOptions.defaults());
    }

    /**
     * Opens (or creates) the ledger in {@code dir}: loads the snapshot, replays the records after it, and cuts off
     * a torn tail (see {@link #openReport()}).
     *
     * @throws LedgerLockedException if the ledger is open elsewhere
     * @throws LedgerCorruptedException if a record other than a torn tail is damaged
     * @throws UnsupportedLedgerFormatException if a segment has a format version this code does not read
     */
    public static FileReleaseLedger open(Path dir, LedgerOptions options) {
        Path lockFile = dir.resolve(LOCK_NAME);
        FileChannel lockChannel;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LedgerException(
                    "Cannot open the release ledger directory " + dir + ": " + e.getMessage()
                            + ". Check that it exists and is writable by this process.",
                    e);
        }
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            throw new LedgerLockedException(lockFile);
        }
        FileReleaseLedger ledger = new FileReleaseLedger(dir, options, lockChannel, lock);
        try {
            ledger.load();
            return ledger;
        } catch (IOException e) {
            ledger.releaseLock();
            throw new LedgerException("Cannot read the release ledger in " + dir + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            ledger.releaseLock();
            throw e;
        }
    }

    private void load() throws IOException {
        Path snapshotPath = dir.resolve(SnapshotFile.NAME);
        SnapshotFile.Loaded snapshot = null;
        String snapshotProblem = null;
        if (Files.exists(snapshotPath)) {
            try {
                snapshot = SnapshotFile.read(snapshotPath);
                Path segment =
                        dir.resolve(SegmentLog.segmentName(snapshot.position().segment()));
                if (!Files.exists(segment)
                        || Files.size(segment) < snapshot.position().offset()) {
                    snapshotProblem = "snapshot " + snapshotPath + " points past the end of " + segment;
                    snapshot = null;
                }
            } catch (SnapshotFile.UnusableSnapshotException e) {
                snapshotProblem = e.getMessage();
            }
        }
        if (snapshot != null) {
            state.restore(snapshot.lastSeq(), snapshot.releaseCount(), snapshot.releases(), snapshot.finishSeqs());
        }
        log = SegmentLog.open(
                dir,
                options.segmentBytes(),
                options.fsync(),
                snapshot == null ? null : snapshot.position(),
                this::replayRecord);
        sinceSnapshot = log.replayed();
        report = new LedgerOpenReport(
                log.segmentCount(),
                snapshot == null ? 0 : snapshot.lastSeq(),
                log.replayed(),
                state.size(),
                log.torn(),
                snapshotProblem);
    }

    private void replayRecord(byte[] payload, Path file, long offset) {
        LedgerEvent event;
        try {
            event = EventCodec.decode(payload);
        } catch (RuntimeException e) {
            throw new LedgerCorruptedException(file, offset, "the record cannot be read: " + e.getMessage());
        }
        try {
            state.apply(event);
        } catch (IllegalStateException e) {
            throw new LedgerCorruptedException(file, offset, e.getMessage());
        }
    }

    /** What opening found: snapshot use, replayed records, a torn tail that was cut off. */
    public LedgerOpenReport openReport() {
        return report;
    }

    /** The directory holding the ledger files. */
    public Path directory() {
        return dir;
    }

    @Override
    void persist(LedgerEvent event) {
        log.append(EventCodec.encode(event));
    }

    @Override
    void afterCommit() {
        if (++sinceSnapshot >= options.snapshotEvery()) {
            try {
                writeSnapshot();
            } catch (IOException | RuntimeException e) {
                // The record itself is durable; a failed snapshot only makes the next open slower. It is retried
                // after the next interval and on close, where a failure is reported.
                sinceSnapshot = 0;
            }
        }
    }

    /** Writes a snapshot now (also done every {@link LedgerOptions#snapshotEvery()} records and on close). */
    public void snapshot() {
        commitLock.lock();
        try {
            ensureOpen();
            writeSnapshot();
        } catch (IOException e) {
            throw new LedgerException(
                    "Cannot write the ledger snapshot in " + dir + ": " + e.getMessage()
                            + ". Check free disk space; the ledger itself is intact.",
                    e);
        } finally {
            commitLock.unlock();
        }
    }

    private void writeSnapshot() throws IOException {
        // The commit lock is held, so no record is appended or applied while the state is copied.
        SnapshotFile.write(dir, state.lastSeq(), state.releaseCount(), log.position(), state.entriesInOrder());
        sinceSnapshot = 0;
    }

    @Override
    public void close() {
        commitLock.lock();
        try {
            if (!markClosed()) {
                return;
            }
            try {
                if (sinceSnapshot > 0) {
                    writeSnapshot();
                }
                log.close();
            } catch (IOException e) {
                throw new LedgerException(
                        "Closing the release ledger in " + dir + " failed: " + e.getMessage()
                                + ". Every acknowledged record is on disk; the next open replays them.",
                        e);
            } finally {
                releaseLock();
            }
        } finally {
            commitLock.unlock();
        }
    }

    private void releaseLock() {
        try {
            if (log != null) {
                log.close();
            }
        } catch (IOException e) {
            // closing for cleanup after a failure; the original error is what matters
        }
        try {
            lock.release();
        } catch (IOException e) {
            // the channel close below releases it as well
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
