package io.jitploy.ledger;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
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
        // Streamed one release at a time: a tree of the whole ledger would cost far more memory than the bytes.
        ByteArrayOutputStream out =
                new ByteArrayOutputStream(256 + 512 * image.releases().size());
        try (JsonGenerator json = EventCodec.JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("lastSeq", image.lastSeq());
            json.writeNumberField("releaseCount", image.releaseCount());
            json.writeNumberField("segment", image.position().segment());
            json.writeNumberField("offset", image.position().offset());
            json.writeArrayFieldStart("releases");
            for (int i = 0; i < image.releases().size(); i++) {
                ObjectNode node = EventCodec.releaseNode(image.releases().get(i));
                node.put("finishSeq", image.finishSeqs().get(i));
                EventCodec.JSON.writeTree(json, node);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        byte[] payload = out.toByteArray();
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
            return parse(bytes, buffer.position(), length);
        } catch (IOException | RuntimeException e) {
            throw new UnusableSnapshotException("snapshot " + file + " is unusable (" + e.getMessage() + ")", e);
        }
    }

    private static Image parse(byte[] bytes, int offset, int length) throws IOException {
        Long lastSeq = null;
        Long releaseCount = null;
        Long segment = null;
        Long position = null;
        List<Release> releases = new ArrayList<>();
        List<Long> finishSeqs = new ArrayList<>();
        try (JsonParser json = EventCodec.JSON.createParser(bytes, offset, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the content is not a JSON object");
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken value = json.nextToken();
                switch (field) {
                    case "lastSeq" -> lastSeq = json.getLongValue();
                    case "releaseCount" -> releaseCount = json.getLongValue();
                    case "segment" -> segment = json.getLongValue();
                    case "offset" -> position = json.getLongValue();
                    case "releases" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IllegalArgumentException("'releases' is not an array");
                        }
                        // One small tree per release, never one for the whole ledger.
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode node = EventCodec.JSON.readTree(json);
                            releases.add(EventCodec.release(node));
                            finishSeqs.add(
                                    EventCodec.requireField(node, "finishSeq").asLong());
                        }
                    }
                    default -> json.skipChildren();
                }
            }
        }
        if (lastSeq == null || releaseCount == null || segment == null || position == null) {
            throw new IllegalArgumentException("a header field (lastSeq, releaseCount, segment, offset) is missing");
        }
        return new Image(lastSeq, releaseCount, new SegmentLog.Position(segment, position), releases, finishSeqs);
    }
}
