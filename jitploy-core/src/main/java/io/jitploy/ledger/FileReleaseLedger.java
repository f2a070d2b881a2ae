package io.jitploy.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A {@link ReleaseLedger} stored in a directory: append-only segment files with a checksum per record, fsync on
 * every commit, and a snapshot for fast start. The format and the recovery rules are in {@code docs/ledger.md}.
 *
 * <p>One process at a time: {@link #open} takes an exclusive lock on {@code ledger.lock} in the directory and
 * refuses with {@link LedgerLockedException} if another process (or another open instance in this JVM) holds it.
 */
public final class FileReleaseLedger extends GuardedReleaseLedger {
    static final String LOCK_NAME = "ledger.lock";
    /** Ledger directories (real paths) open in this JVM. */
    private static final Set<Path> OPEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path dir;
    private final LedgerOptions options;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private SegmentLog log;
    private LedgerOpenReport report;
    private long sinceSnapshot;
    /** Writes snapshots one at a time, in order, off the commit path. */
    private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "jitploy-ledger-snapshot");
        thread.setDaemon(true);
        return thread;
    });

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
        // An interrupted thread's file channels refuse to read or lock, which would pass for a damaged or locked
        // ledger; the interrupt is set aside while opening and restored afterwards.
        boolean interrupted = Thread.interrupted();
        try {
            return openUninterrupted(dir, options);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static FileReleaseLedger openUninterrupted(Path dir, LedgerOptions options) {
        Path realDir;
        try {
            Files.createDirectories(dir);
            realDir = dir.toRealPath();
        } catch (IOException e) {
            throw new LedgerException(
                    "Cannot open the release ledger directory " + dir + ": " + e.getMessage()
                            + ". Check that it exists and is writable by this process.",
                    e);
        }
        Path lockFile = realDir.resolve(LOCK_NAME);
        // Checked before the lock file is even opened: on Linux, closing any descriptor of a file drops every lock
        // this process holds on it, so a refused second open in this JVM must not open and close the lock file.
        if (!OPEN_IN_THIS_JVM.add(realDir)) {
            throw new LedgerLockedException(lockFile);
        }
        FileChannel lockChannel;
        FileLock lock;
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            OPEN_IN_THIS_JVM.remove(realDir);
            throw new LedgerException(
                    "Cannot create the lock file " + lockFile + ": " + e.getMessage()
                            + ". Check that the ledger directory is writable by this process.",
                    e);
        }
        try {
            lock = lockChannel.tryLock();
        } catch (IOException e) {
            lock = null;
        }
        if (lock == null) {
            closeQuietly(lockChannel);
            OPEN_IN_THIS_JVM.remove(realDir);
            throw new LedgerLockedException(lockFile);
        }
        FileReleaseLedger ledger = new FileReleaseLedger(realDir, options, lockChannel, lock);
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
        SnapshotFile.Image snapshot = null;
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
            state.restore(snapshot);
        }
        try {
            log = openLog(snapshot);
        } catch (LedgerCorruptedException e) {
            if (snapshot == null) {
                throw e;
            }
            // The segments after the snapshot's position do not continue it (a snapshot from another copy of the
            // ledger, for instance). The segments are the record: replay them all; if they are damaged, this
            // second attempt reports it.
            snapshotProblem = "snapshot " + snapshotPath + " does not fit the segments (" + e.getMessage() + ")";
            snapshot = null;
            state.clear();
            log = openLog(null);
        }
        sinceSnapshot = log.replayed();
        report = new LedgerOpenReport(
                log.segmentCount(),
                snapshot == null ? 0 : snapshot.lastSeq(),
                log.replayed(),
                state.size(),
                log.torn(),
                snapshotProblem);
    }

    private SegmentLog openLog(SnapshotFile.Image snapshot) throws IOException {
        return SegmentLog.open(
                dir,
                options.segmentBytes(),
                options.fsync(),
                snapshot == null ? null : snapshot.position(),
                (payload, file, offset) -> replayRecord(state, payload, file, offset));
    }

    private static void replayRecord(LedgerState target, byte[] payload, Path file, long offset) {
        LedgerEvent event;
        try {
            event = EventCodec.decode(payload);
        } catch (RuntimeException e) {
            throw new LedgerCorruptedException(file, offset, "the record cannot be read: " + e.getMessage());
        }
        try {
            target.apply(event);
        } catch (IllegalStateException e) {
            throw new LedgerCorruptedException(file, offset, e.getMessage());
        }
    }

    /**
     * Re-reads every segment from the start, checking every checksum and sequence number, and compares the
     * releases they describe with those in memory (which may have come from the snapshot). Opening only reads the
     * records after the snapshot, so run this from time to time (for example a nightly admin task) to find damage
     * in older segments. Writers wait while it runs.
     *
     * @return how many records were checked
     * @throws LedgerCorruptedException naming the damaged file and offset, or the snapshot if it disagrees
     */
    public long verify() {
        commitLock.lock();
        try {
            ensureOpen();
            LedgerState fresh = new LedgerState();
            long checked;
            try (SegmentLog check = SegmentLog.open(
                    dir,
                    options.segmentBytes(),
                    false,
                    null,
                    (payload, file, offset) -> replayRecord(fresh, payload, file, offset))) {
                checked = check.replayed();
            } catch (IOException e) {
                throw new LedgerException("Cannot read the release ledger in " + dir + ": " + e.getMessage(), e);
            }
            List<LedgerState.Entry> expected = fresh.entriesInOrder();
            List<LedgerState.Entry> actual = state.entriesInOrder();
            for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
                Release want = i < expected.size() ? expected.get(i).release : null;
                Release have = i < actual.size() ? actual.get(i).release : null;
                if (!Objects.equals(want, have)) {
                    String id = want != null ? want.id() : have.id();
                    throw new LedgerCorruptedException(
                            dir.resolve(SnapshotFile.NAME),
                            0,
                            "release " + id + " in memory (loaded from the snapshot) differs from what the segments"
                                    + " record",
                            "Close the ledger, delete " + SnapshotFile.NAME + " and reopen: the snapshot is rebuilt"
                                    + " from the segments, which lose nothing.");
                }
            }
            return checked;
        } finally {
            commitLock.unlock();
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
            // Only references are copied here; serializing and writing happen on the snapshot thread, so a deploy
            // that happens to trigger a snapshot does not wait for it.
            SnapshotFile.Image image = state.image(log.position());
            sinceSnapshot = 0;
            snapshotWriter.submit(() -> writeSnapshot(image));
        }
    }

    private Void writeSnapshot(SnapshotFile.Image image) {
        try {
            SnapshotFile.write(dir, image);
        } catch (IOException e) {
            // The records are durable; a missing snapshot only makes the next open slower. The next interval or
            // close() writes a newer one, and close() reports its failure.
            throw new UncheckedIOException(e);
        }
        return null;
    }

    /**
     * Writes a snapshot of the current state and waits for it (one is also written every {@link
     * LedgerOptions#snapshotEvery()} records, in the background, and on close).
     */
    public void snapshot() {
        Future<Void> written;
        commitLock.lock();
        try {
            ensureOpen();
            SnapshotFile.Image image = state.image(log.position());
            sinceSnapshot = 0;
            written = snapshotWriter.submit(() -> writeSnapshot(image));
        } finally {
            commitLock.unlock();
        }
        awaitSnapshot(written);
    }

    /** Waits until every snapshot queued so far is written (for tests that copy the directory). */
    void awaitSnapshotWrites() {
        try {
            snapshotWriter.submit(() -> null).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private void awaitSnapshot(Future<Void> written) {
        // Not cut short by an interrupt: close() must not release the directory lock while a snapshot is written.
        try {
            Uninterruptibly.await(written);
        } catch (UncheckedIOException e) {
            throw new LedgerException(
                    "Cannot write the ledger snapshot in " + dir + ": "
                            + e.getCause().getMessage()
                            + ". Check free disk space; the ledger itself is intact and the next open replays it.",
                    e.getCause());
        }
    }

    @Override
    public void close() {
        Future<Void> written;
        commitLock.lock();
        try {
            if (!markClosed()) {
                return;
            }
            if (sinceSnapshot > 0) {
                SnapshotFile.Image image = state.image(log.position());
                written = snapshotWriter.submit(() -> writeSnapshot(image));
            } else {
                written = snapshotWriter.submit(() -> null);
            }
            snapshotWriter.shutdown();
            // The snapshot thread runs tasks in submission order: once the last is done, no snapshot is being
            // written when the directory lock is released.
            awaitSnapshot(written);
        } finally {
            releaseLock();
            commitLock.unlock();
        }
    }

    private void releaseLock() {
        snapshotWriter.shutdown();
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
        OPEN_IN_THIS_JVM.remove(dir);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }
}
