package io.jitploy.cli;

import io.jitploy.envfile.keys.AgeKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The user's private key file outside any repository ({@code ~/.config/jitploy/keys.txt} by default), in the age
 * key file format sops also reads: {@code #} comment lines naming the environment and public key, then one
 * {@code AGE-SECRET-KEY-1...} line per identity. The file and its directory are private to the user (0600/0700).
 */
final class UserKeyFile {
    private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    UserKeyFile(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** Appends an identity with its environment and public key as comments; writes atomically, mode 0600. */
    void append(String application, String environment, AgeKeyPair pair, Instant now) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            setPermissions(dir, PRIVATE_DIR);
        }
        String existing = Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
        StringBuilder text = new StringBuilder(existing);
        if (!existing.isEmpty() && !existing.endsWith("\n")) {
            text.append('\n');
        }
        text.append("# created: ").append(now.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        text.append("# app: ").append(application).append('\n');
        text.append("# env: ").append(environment).append('\n');
        text.append("# public key: ").append(pair.recipient()).append('\n');
        text.append(pair.identity()).append('\n');
        EnvironmentFiles.writePrivate(path, text.toString().getBytes(StandardCharsets.UTF_8));
        setPermissions(path, PRIVATE_FILE);
    }

    /** True if the file is readable by group or others (a warning, not an error: the user decides). */
    boolean tooOpen() {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
            return permissions.stream()
                    .anyMatch(p -> !PRIVATE_FILE.contains(p) && p != PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    private static void setPermissions(Path target, Set<PosixFilePermission> permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(target, permissions);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user profile directory is already private.
        }
    }
}
