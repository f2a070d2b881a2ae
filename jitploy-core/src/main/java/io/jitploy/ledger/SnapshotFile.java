package io.jitploy.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The snapshot: every release as of one log position, so that opening replays only the records after it. It is
 * only an accelerator: segments are never deleted, so a missing or unreadable snapshot costs time, not data.
 */
final class SnapshotFile {
    static final String NAME = "snapshot.jps";

    /** The content of a snapshot: releases in creation order with their finish sequence numbers. */
    record Image(
            long lastSeq,
            long releaseCount,
            SegmentLog.Position position,
            List<Release> releases,
            List<Long> finishSeqs) {}

    /** The snapshot exists but cannot be used; the message says why. */
    static final class UnusableSnapshotException extends Exception {
        UnusableSnapshotException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private SnapshotFile() {}

    /** Writes the snapshot atomically: a temporary file in the same directory, fsync, then an atomic rename. */
    static void write(Path dir, Image image) throws IOException {
        ObjectNode root = EventCodec.JSON.createObjectNode();
        root.put("lastSeq", image.lastSeq());
        root.put("releaseCount", image.releaseCount());
        root.put("segment", image.position().segment());
        root.put("offset", image.position().offset());
        ArrayNode releases = root.putArray("releases");
        for (int i = 0; i < image.releases().size(); i++) {
            ObjectNode node = EventCodec.releaseNode(image.releases().get(i));
            node.put("finishSeq", image.finishSeqs().get(i));
            releases.add(node);
        }
        byte[] payload = EventCodec.bytes(root);
        Path temp = dir.resolve(NAME + ".tmp");
        try (FileChannel channel = FileChannel.open(
                temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer header = RecordFrame.fileHeader(RecordFrame.SNAPSHOT_MAGIC);
            ByteBuffer frame = RecordFrame.frame(payload);
            while (header.hasRemaining() || frame.hasRemaining()) {
                channel.write(new ByteBuffer[] {header, frame});
            }
            channel.force(true);
        }
        Files.move(temp, dir.resolve(NAME), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SegmentLog.forceDirectory(dir);
    }

    static Image read(Path file) throws UnusableSnapshotException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (bytes.length < RecordFrame.FILE_HEADER_BYTES + RecordFrame.FRAME_HEADER_BYTES) {
                throw new IllegalArgumentException("the file is too short");
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            RecordFrame.checkFileHeader(buffer, RecordFrame.SNAPSHOT_MAGIC, file);
            int length = buffer.getInt();
            int lengthCrc = buffer.getInt();
            int payloadCrc = buffer.getInt();
            if (RecordFrame.lengthChecksum(length) != lengthCrc || length != buffer.remaining()) {
                throw new IllegalArgumentException("the length field is damaged or the file is truncated");
            }
            if (RecordFrame.checksum(bytes, buffer.position(), length) != payloadCrc) {
                throw new IllegalArgumentException("the checksum does not match its content");
            }
            byte[] payload = new byte[length];
            buffer.get(payload);
            JsonNode root = EventCodec.tree(payload);
            List<Release> releases = new ArrayList<>();
            List<Long> finishSeqs = new ArrayList<>();
            for (JsonNode node : EventCodec.requireField(root, "releases")) {
                releases.add(EventCodec.release(node));
                finishSeqs.add(node.path("finishSeq").asLong());
            }
            return new Image(
                    EventCodec.requireField(root, "lastSeq").asLong(),
                    EventCodec.requireField(root, "releaseCount").asLong(),
                    new SegmentLog.Position(
                            EventCodec.requireField(root, "segment").asLong(),
                            EventCodec.requireField(root, "offset").asLong()),
                    releases,
                    finishSeqs);
        } catch (IOException | RuntimeException e) {
            throw new UnusableSnapshotException("snapshot " + file + " is unusable (" + e.getMessage() + ")", e);
        }
    }
}
