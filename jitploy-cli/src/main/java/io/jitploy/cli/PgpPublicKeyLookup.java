package io.jitploy.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Resolves an OpenPGP fingerprint named in {@code .jitploy.yml} to its public key: the file
 * {@code .jitploy/pgp/FINGERPRINT.asc} in the project (committed, so everyone encrypts to the same key without a
 * keyserver). Secret keys never come from here.
 */
final class PgpPublicKeyLookup {
    static final String DIRECTORY = ".jitploy/pgp";

    private final Supplier<Path> projectDirectory;

    PgpPublicKeyLookup(Supplier<Path> projectDirectory) {
        this.projectDirectory = projectDirectory;
    }

    Optional<String> find(String fingerprint) {
        Path dir = projectDirectory.get();
        // The project may be a subdirectory: look upwards for the key directory, as for .jitploy.yml.
        for (Path current = dir; current != null; current = current.getParent()) {
            Path file = current.resolve(DIRECTORY).resolve(fingerprint + ".asc");
            if (Files.isRegularFile(file)) {
                try {
                    return Optional.of(Files.readString(file, StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
