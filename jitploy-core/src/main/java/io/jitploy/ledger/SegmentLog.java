package io.jitploy.ledger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The append-only segment files of a ledger: replay at open, then appends with fsync and rollover. Not
 * thread-safe; the ledger's commit lock serializes appends.
 */
final class SegmentLog implements Closeable {
    private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{10})\\.jpl");

    /** A place in the log: the byte offset right after some record in segment {@code segment}. */
    record Position(long segment, long offset) {}

    /** Receives each complete record during replay; throws {@link LedgerCorruptedException} if it is unusable. */
    interface RecordSink {
        void accept(byte[] payload, Path file, long offset);
    }

    private final Path dir;
    private final long segmentBytes;
    private final boolean fsync;
    private FileChannel current;
    private long currentIndex;
    private long currentSize;
    private boolean broken;
    private int segmentCount;
    private long replayed;
    private LedgerOpenReport.TornTail torn;
    /** Does every append, one at a time; see {@link #append}. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "jitploy-ledger-writer");
        thread.setDaemon(true);
        return thread;
    });

    private SegmentLog(Path dir, long segmentBytes, boolean fsync) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
    }

    static String segmentName(long index) {
        return String.format("segment-%010d.jpl", index);
    }

    /**
     * Replays every record after {@code from} (or all records when null) into {@code sink}, cuts off a torn tail,
     * and opens the last segment for appending.
     */
    static SegmentLog open(Path dir, long segmentBytes, boolean fsync, Position from, RecordSink sink)
            throws IOException {
        SegmentLog log = new SegmentLog(dir, segmentBytes, fsync);
        log.replay(from, sink);
        return log;
    }

    static List<Long> segmentIndices(Path dir) throws IOException {
        List<Long> indices = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                Matcher m = SEGMENT_NAME.matcher(file.getFileName().toString());
                if (m.matches()) {
                    indices.add(Long.parseLong(m.group(1)));
                }
            });
        }
        indices.sort(null);
        for (int i = 0; i < indices.size(); i++) {
            long expected = i == 0 ? 1 : indices.get(i - 1) + 1;
            if (indices.get(i) != expected) {
                throw new LedgerCorruptedException(
                        dir.resolve(segmentName(expected)), 0, "this segment file is missing; records would be lost");
            }
        }
        return indices;
    }

    private void replay(Position from, RecordSink sink) throws IOException {
        List<Long> indices = segmentIndices(dir);
        segmentCount = indices.size();
        if (indices.isEmpty()) {
            startSegment(1);
            return;
        }
        long lastIndex = indices.get(indices.size() - 1);
        long firstIndex = from == null ? indices.get(0) : from.segment();
        for (long index = firstIndex; index <= lastIndex; index++) {
            long startOffset = from != null && index == from.segment() ? from.offset() : RecordFrame.FILE_HEADER_BYTES;
            replaySegment(index, index == lastIndex, startOffset, sink);
        }
        if (current == null) {
            current = FileChannel.open(
                    dir.resolve(segmentName(lastIndex)), StandardOpenOption.READ, StandardOpenOption.WRITE);
            currentIndex = lastIndex;
            currentSize = current.size();
        }
    }

    private void replaySegment(long index, boolean last, long startOffset, RecordSink sink) throws IOException {
        Path file = dir.resolve(segmentName(index));
        byte[] bytes = readSegment(file, last, startOffset);
        if (bytes == null) {
            // Crash while this segment was being created: nothing in it was ever acknowledged.
            Files.delete(file);
            segmentCount--;
            startSegment(index);
            return;
        }
        long size = startOffset + bytes.length;
        int at = 0;
        while (at < bytes.length) {
            long offset = startOffset + at;
            int remaining = bytes.length - at;
            String problem = null;
            boolean tornHere = false;
            int length = 0;
            if (remaining < RecordFrame.FRAME_HEADER_BYTES) {
                tornHere = true;
                problem = "an incomplete record header";
            } else {
                ByteBuffer frame = ByteBuffer.wrap(bytes, at, RecordFrame.FRAME_HEADER_BYTES);
                length = frame.getInt();
                int lengthCrc = frame.getInt();
                int payloadCrc = frame.getInt();
                if (RecordFrame.lengthChecksum(length) != lengthCrc) {
                    tornHere = allZero(bytes, at);
                    problem = "the record header checksum does not match";
                } else if (length < 0 || length > RecordFrame.MAX_PAYLOAD_BYTES) {
                    problem = "the record length " + length + " is out of range";
                } else if (length > remaining - RecordFrame.FRAME_HEADER_BYTES) {
                    tornHere = true;
                    problem = "the record runs past the end of the segment";
                } else if (RecordFrame.checksum(bytes, at + RecordFrame.FRAME_HEADER_BYTES, length) != payloadCrc) {
                    // A damaged final record is what a crash during its write leaves behind; one followed by more
                    // records was once complete and has been damaged since.
                    tornHere = length == remaining - RecordFrame.FRAME_HEADER_BYTES;
                    problem = "the record checksum (CRC32C) does not match its content";
                }
            }
            if (problem != null) {
                if (!last || !tornHere) {
                    throw new LedgerCorruptedException(file, offset, problem);
                }
                cutTornTail(file, offset, size, bytes, at);
                return;
            }
            byte[] payload = new byte[length];
            System.arraycopy(bytes, at + RecordFrame.FRAME_HEADER_BYTES, payload, 0, length);
            sink.accept(payload, file, offset);
            replayed++;
            at += RecordFrame.FRAME_HEADER_BYTES + length;
        }
    }

    /**
     * Checks the segment's header and returns its bytes from {@code startOffset}; or null, with {@link #torn} set,
     * for a last segment whose header never reached the disk (shorter than a header, or all zeros).
     */
    private byte[] readSegment(Path file, boolean last, long startOffset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer header = ByteBuffer.allocate((int) Math.min(size, RecordFrame.FILE_HEADER_BYTES));
            readFully(channel, header, 0);
            if (size < RecordFrame.FILE_HEADER_BYTES || allZero(header.array(), 0)) {
                byte[] whole = new byte[(int) size];
                readFully(channel, ByteBuffer.wrap(whole), 0);
                if (last && (size < RecordFrame.FILE_HEADER_BYTES || allZero(whole, 0))) {
                    torn = new LedgerOpenReport.TornTail(file, 0, size, saveTornBytes(file, 0, whole, 0));
                    return null;
                }
                if (size < RecordFrame.FILE_HEADER_BYTES) {
                    throw new LedgerCorruptedException(file, 0, "the segment is shorter than its header");
                }
            }
            RecordFrame.checkFileHeader(header.flip(), RecordFrame.SEGMENT_MAGIC, file);
            if (startOffset > size) {
                throw new LedgerCorruptedException(
                        file,
                        size,
                        "the segment ends before the snapshot's position " + startOffset
                                + " (the segment was truncated)");
            }
            ByteBuffer rest = ByteBuffer.allocate((int) (size - startOffset));
            readFully(channel, rest, startOffset);
            return rest.array();
        }
    }

    private void cutTornTail(Path file, long offset, long size, byte[] bytes, int at) throws IOException {
        Path saved = saveTornBytes(file, offset, bytes, at);
        torn = new LedgerOpenReport.TornTail(file, offset, size - offset, saved);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.force(true);
        }
    }

    /**
     * Keeps a copy of the bytes about to be cut off next to the segment, so that nothing is destroyed on a guess:
     * a damaged final record and a torn one look alike.
     */
    private Path saveTornBytes(Path file, long offset, byte[] bytes, int at) throws IOException {
        if (bytes.length == at) {
            return null;
        }
        Path saved = dir.resolve(file.getFileName() + ".torn-" + offset);
        byte[] cut = new byte[bytes.length - at];
        System.arraycopy(bytes, at, cut, 0, cut.length);
        Files.write(saved, cut);
        return saved;
    }

    private static boolean allZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static void readFully(FileChannel channel, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int read = channel.read(into, at);
            if (read < 0) {
                throw new IOException("unexpected end of file");
            }
            at += read;
        }
    }

    private void startSegment(long index) throws IOException {
        Path file = dir.resolve(segmentName(index));
        FileChannel created = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            ByteBuffer header = RecordFrame.fileHeader(RecordFrame.SEGMENT_MAGIC);
            while (header.hasRemaining()) {
                created.write(header, RecordFrame.FILE_HEADER_BYTES - header.remaining());
            }
            created.force(true);
            forceDirectory(dir);
        } catch (IOException e) {
            created.close();
            // Nothing in it was ever acknowledged; left behind, it would make every later rollover fail.
            Files.deleteIfExists(file);
            throw e;
        }
        if (current != null) {
            current.close();
        }
        current = created;
        currentIndex = index;
        currentSize = RecordFrame.FILE_HEADER_BYTES;
        segmentCount++;
    }

    /**
     * Appends one record and returns once it is on disk (when fsync is on).
     *
     * <p>Immune to thread interrupts: the write happens on this log's own thread, which nothing interrupts, and the
     * caller waits for it without giving up. An interrupted thread's {@link FileChannel} closes itself in the middle
     * of a write, which would lose the record and leave the ledger refusing writes until it is reopened; and the
     * threads that write here are often interrupted for a reason (a build being aborted) that they still have to
     * record. The caller's interrupt status is kept.
     */
    void append(byte[] payload) {
        Future<?> written;
        try {
            written = writer.submit(() -> appendHere(payload));
        } catch (RejectedExecutionException e) {
            throw new LedgerException("The release ledger in " + dir + " is closed; reopen it.", e);
        }
        Uninterruptibly.await(written);
    }

    private void appendHere(byte[] payload) {
        if (broken) {
            throw new LedgerException("An earlier write to the release ledger in " + dir + " failed and could not be"
                    + " undone, so no more records are accepted. Fix the disk problem, then reopen the ledger.");
        }
        ByteBuffer frame = RecordFrame.frame(payload);
        try {
            if (currentSize + frame.remaining() > segmentBytes && currentSize > RecordFrame.FILE_HEADER_BYTES) {
                startSegment(currentIndex + 1);
            }
            long at = currentSize;
            while (frame.hasRemaining()) {
                at += current.write(frame, at);
            }
            if (fsync) {
                current.force(false);
            }
            currentSize = at;
        } catch (IOException e) {
            undo();
            throw new LedgerException(
                    "Could not write to the release ledger in " + dir + ": " + e.getMessage()
                            + ". The change was not recorded; check free disk space and permissions, then retry.",
                    e);
        }
    }

    /** Removes a partly written record so that later appends do not follow garbage. */
    private void undo() {
        try {
            current.truncate(currentSize);
            current.force(true);
        } catch (IOException | RuntimeException e) {
            broken = true;
        }
    }

    Position position() {
        return new Position(currentIndex, currentSize);
    }

    int segmentCount() {
        return segmentCount;
    }

    long replayed() {
        return replayed;
    }

    LedgerOpenReport.TornTail torn() {
        return torn;
    }

    static void forceDirectory(Path dir) {
        // Makes a new or renamed file's directory entry durable. Some platforms cannot open a directory; there the
        // rename is as durable as the file system makes it.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort, see above
        }
    }

    @Override
    public void close() throws IOException {
        writer.shutdown();
        // Appends are waited for by their callers, so none is under way here unless a caller gave up; the channel
        // is closed only after the writer is done with it.
        Uninterruptibly.awaitTermination(writer);
        if (current != null) {
            current.close();
        }
    }
}
