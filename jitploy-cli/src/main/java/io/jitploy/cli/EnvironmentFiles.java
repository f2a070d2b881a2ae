package io.jitploy.cli;

import io.jitploy.config.Recipients;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EncryptionSettings;
import io.jitploy.envfile.EnvFileFormat;
import io.jitploy.envfile.keys.Recipient;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/** Reading and writing the files of an environment, with the CLI's error messages. */
final class EnvironmentFiles {
    private EnvironmentFiles() {}

    static EncryptedEnvFile readEncrypted(Path file) {
        if (!Files.isRegularFile(file)) {
            // set and unset change an existing file; edit and lock create one.
            throw CliException.file("Encrypted file " + file + " does not exist. Create it with `jitploy edit -e ENV`"
                    + " (starts from an empty file), or with `jitploy lock -e ENV` from the environment's plaintext"
                    + " file (e.g. config/ENV.plain.yaml).");
        }
        return EncryptedEnvFile.read(file);
    }

    /** The recipients an environment's file must be encrypted for, as engine recipients. */
    static List<Recipient> recipients(Recipients recipients, String environment) {
        if (recipients.isEmpty()) {
            throw CliException.config("Environment '" + environment + "' has no recipients in .jitploy.yml, so nobody"
                    + " could decrypt its file. Run `jitploy keygen -e " + environment + "` or"
                    + " `jitploy recipients add -e " + environment + " age1...`.");
        }
        List<Recipient> parsed = new ArrayList<>();
        recipients.age().forEach(id -> parsed.add(Recipient.parse(id)));
        recipients.pgp().forEach(id -> parsed.add(Recipient.parse(id)));
        return parsed;
    }

    static EncryptionSettings settings(List<Recipient> recipients) {
        return EncryptionSettings.forRecipients(recipients);
    }

    static EnvFileFormat format(Path file) {
        return EnvFileFormat.fromPath(file);
    }

    /**
     * Writes a plaintext file readable only by its owner (0600), atomically: a temp file in the same directory,
     * then a move over the target.
     */
    static void writePrivate(Path target, byte[] content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp;
        try {
            temp = Files.createTempFile(
                    dir,
                    ".jitploy-",
                    ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            temp = Files.createTempFile(dir, ".jitploy-", ".tmp");
        }
        try {
            Files.write(temp, content);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** "1 key", "12 keys": for messages. */
    static String keyCount(EncryptedEnvFile file) {
        int count = file.keyPaths().size();
        return count + (count == 1 ? " key" : " keys");
    }

    /** The path relative to the working directory when below it, for short messages. */
    static String display(Path file, CliEnvironment environment) {
        Path cwd = environment.workingDirectory();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }
}
