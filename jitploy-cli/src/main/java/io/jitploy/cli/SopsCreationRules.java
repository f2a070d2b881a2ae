package io.jitploy.cli;

import io.jitploy.envfile.CreationRules;
import io.jitploy.envfile.EncryptionSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the {@code .sops.yaml} that applies to a file (from the file's directory upwards, as sops does) and the
 * settings of its first matching creation rule ({@link CreationRules}).
 */
final class SopsCreationRules {
    static final String FILE_NAME = ".sops.yaml";

    private SopsCreationRules() {}

    static EncryptionSettings settingsFor(Path file) throws IOException {
        Path config = find(file.toAbsolutePath().getParent());
        if (config == null) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "No recipients: pass --age RECIPIENT or --pgp KEY, or add a"
                            + " creation rule for this file to a .sops.yaml.");
        }
        String relative =
                config.getParent().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
        CreationRules.Rule rule = CreationRules.parse(Files.readString(config, StandardCharsets.UTF_8))
                .ruleFor(relative)
                .orElseThrow(() -> CliException.config("No creation rule in " + config + " matches " + relative
                        + ". Add a rule whose path_regex matches it, or pass --age/--pgp."));
        if (rule.age().isEmpty() && rule.pgp().isEmpty()) {
            throw CliException.config("The creation rule of " + config + " for " + relative + " has no age or pgp"
                    + " recipients (jitploy cannot use cloud KMS keys). Add an age recipient.");
        }
        return rule.toSettings();
    }

    private static Path find(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(FILE_NAME))) {
                return dir.resolve(FILE_NAME);
            }
        }
        return null;
    }
}
