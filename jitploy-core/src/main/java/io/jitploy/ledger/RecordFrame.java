package io.jitploy.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The byte layout shared by segment and snapshot files: a 16-byte file header (8-byte magic, format version,
 * reserved zero) and length-prefixed, checksummed records. See docs/ledger.md.
 *
 * <p>A record is {@code int length, int crc32c(length bytes), int crc32c(payload), payload}. The length has its
 * own checksum so that a damaged length is reported as corruption instead of being mistaken for a torn tail that
 * runs past the end of the file (which would silently cut off every later record).
 */
final class RecordFrame {
    static final int FORMAT_VERSION = 1;
    static final int FILE_HEADER_BYTES = 16;
    static final int FRAME_HEADER_BYTES = 12;
    static final int MAX_PAYLOAD_BYTES = 64 << 20;
    static final byte[] SEGMENT_MAGIC = "JPLEDGER".getBytes(StandardCharsets.US_ASCII);
    static final byte[] SNAPSHOT_MAGIC = "JPLSNAPS".getBytes(StandardCharsets.US_ASCII);

    private RecordFrame() {}

    static ByteBuffer fileHeader(byte[] magic) {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES);
        header.put(magic).putInt(FORMAT_VERSION).putInt(0).flip();
        return header;
    }

    /** Checks a file header; throws if it is not ours or has an unknown version. */
    static void checkFileHeader(ByteBuffer header, byte[] magic, Path file) {
        byte[] found = new byte[magic.length];
        header.get(found);
        if (!java.util.Arrays.equals(found, magic)) {
            throw new LedgerCorruptedException(
                    file,
                    0,
                    "the file does not start with the Jitploy ledger magic '"
                            + new String(magic, StandardCharsets.US_ASCII) + "'");
        }
        int version = header.getInt();
        header.getInt();
        if (version != FORMAT_VERSION) {
            throw new UnsupportedLedgerFormatException(file, version, FORMAT_VERSION);
        }
    }

    static ByteBuffer frame(byte[] payload) {
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES + payload.length);
        frame.putInt(payload.length)
                .putInt(lengthChecksum(payload.length))
                .putInt(checksum(payload, 0, payload.length));
        frame.put(payload).flip();
        return frame;
    }

    static int lengthChecksum(int length) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(4).putInt(length).flip());
        return (int) crc.getValue();
    }

    static int checksum(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
