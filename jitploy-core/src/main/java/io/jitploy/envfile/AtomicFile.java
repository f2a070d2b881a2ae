package io.jitploy.envfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Writes a file so that readers see either the old or the new content, never a half-written file. */
final class AtomicFile {
    private AtomicFile() {}

    static void write(Path target, byte[] content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            copyPermissions(absolute, temp);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (AtomicMoveNotSupportedException e) {
            throw new EnvFileException(
                    "The file system of " + dir + " cannot replace files atomically, so " + target
                            + " was left unchanged. Write to a local directory instead.",
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target + "; the previous file is unchanged", e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // Best effort: the temporary file holds only ciphertext.
                }
            }
        }
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        if (!Files.exists(from) || Files.getFileAttributeView(from, PosixFileAttributeView.class) == null) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(from);
        Files.setPosixFilePermissions(to, permissions);
    }
}
