package io.jitploy.ledger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads record boundaries of a segment file independently of the ledger code, to aim damage in tests. */
final class SegmentFiles {
    private SegmentFiles() {}

    static Path segment(Path dir, long index) {
        return dir.resolve(String.format("segment-%010d.jpl", index));
    }

    /** Byte offsets where each record of the segment starts. */
    static List<Long> recordOffsets(Path segment) throws IOException {
        byte[] bytes = Files.readAllBytes(segment);
        List<Long> offsets = new ArrayList<>();
        int at = 16;
        while (at + 12 <= bytes.length) {
            int length = ByteBuffer.wrap(bytes, at, 4).getInt();
            offsets.add((long) at);
            at += 12 + length;
        }
        return offsets;
    }

    static void flipByte(Path file, long offset) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[(int) offset] ^= 0x5A;
        Files.write(file, bytes);
    }

    static void truncate(Path file, long size) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] shorter = new byte[(int) size];
        System.arraycopy(bytes, 0, shorter, 0, (int) size);
        Files.write(file, shorter);
    }
}
