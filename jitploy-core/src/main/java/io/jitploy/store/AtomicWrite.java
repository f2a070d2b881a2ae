package io.jitploy.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a store's small state files (queue and locks, build index, pending rebuilds) so that a reader, or a
 * restart after a crash, finds the old content or the new, never half of it: written to a temporary file in the same
 * directory, then moved over the target.
 */
public final class AtomicWrite {
    /** Writes the new content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicWrite() {}

    /**
     * Replaces {@code target} with what {@code content} writes; on failure the previous file stays and no temporary
     * file is left.
     */
    public static void replace(Path target, Content content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Path name = target.getFileName();
        if (parent == null || name == null) {
            throw new IOException("Not a file in a directory: " + target);
        }
        Path temp = Files.createTempFile(parent, name.toString(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
