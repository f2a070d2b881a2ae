package io.jitploy.cli;

import io.jitploy.config.ConfigLoader;
import io.jitploy.config.ConfigValidationException;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.config.JitployConfig;
import io.jitploy.config.Recipients;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A project: the directory holding {@code .jitploy.yml} (found from the start directory upwards, like git finds
 * {@code .git}) and its parsed configuration. Resolves environment names to their files.
 */
final class Project {
    static final String FILE_NAME = ".jitploy.yml";

    private final Path root;
    private final JitployConfig config;

    private Project(Path root, JitployConfig config) {
        this.root = root;
        this.config = config;
    }

    /** Finds and parses {@code .jitploy.yml}; exit code 5 when missing or invalid. */
    static Project load(Path start) {
        Path root = find(start);
        if (root == null) {
            throw CliException.config("No " + FILE_NAME + " in " + start + " or its parent directories. Run"
                    + " `jitploy init` to create one, or use -C DIR to point at the project.");
        }
        Path file = root.resolve(FILE_NAME);
        try {
            return new Project(
                    root, ConfigLoader.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        } catch (IOException e) {
            throw CliException.config("Cannot read " + file + ": " + e.getMessage() + ".");
        } catch (ConfigValidationException e) {
            throw new CliException(ExitCodes.CONFIG, e.getMessage(), e);
        }
    }

    /** The directory holding {@code .jitploy.yml}, or null. */
    static Path find(Path start) {
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(FILE_NAME))) {
                return dir;
            }
        }
        return null;
    }

    Path root() {
        return root;
    }

    Path configFile() {
        return root.resolve(FILE_NAME);
    }

    JitployConfig config() {
        return config;
    }

    /** The application name: from the file, else the project directory's name. */
    String application() {
        return config.application().orElse(root.getFileName().toString());
    }

    List<String> environmentNames() {
        return config.environmentNames();
    }

    /** The named environment; exit code 5 naming the known environments when unknown. */
    Environment environment(String name) {
        EnvironmentSpec spec = config.environment(name)
                .orElseThrow(() -> CliException.config("Unknown environment '" + name + "' in " + configFile()
                        + ". Known environments: " + String.join(", ", config.environmentNames())
                        + ". Add it to " + FILE_NAME + " or fix the -e option."));
        return new Environment(
                spec,
                spec.name(),
                root.resolve(spec.file()).normalize(),
                root.resolve(spec.plaintextPath()).normalize(),
                config.requiredRecipients(spec));
    }

    /**
     * An environment's files and the recipients its file must be encrypted for (its own plus escrow).
     *
     * @param spec the environment as declared
     * @param encrypted the committed encrypted env file
     * @param plaintext the git-ignored plaintext copy used by {@code lock}/{@code unlock}
     */
    record Environment(EnvironmentSpec spec, String name, Path encrypted, Path plaintext, Recipients recipients) {}
}
