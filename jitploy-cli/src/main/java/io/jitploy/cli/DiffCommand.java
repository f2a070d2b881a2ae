package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EnvFileException;
import io.jitploy.envfile.EnvFileFormat;
import io.jitploy.envfile.keys.KeyRing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jitploy diff -e ENV [REV]}: which keys were added, removed or changed between a git revision and the
 * working copy, by name only; {@code jitploy diff --textconv FILE} is the git textconv driver.
 */
@Command(
        name = "diff",
        header = "Show which keys changed since a revision (names only).",
        mixinStandardHelpOptions = true,
        description = {
            "Show which keys of the environment's file were added (+), removed (-) or changed (~) between REV",
            "(default HEAD) and the working copy. Names only: values are never printed.",
            "With --textconv FILE, print the file's key names and value fingerprints, for git's textconv",
            "(see docs/cli.md)."
        })
final class DiffCommand extends Subcommand {
    @Option(
            names = {"-e", "--env"},
            paramLabel = "ENV",
            description = "Environment name, as declared in .jitploy.yml.")
    String env;

    @Mixin
    IdentityOption identity;

    @Option(names = "--textconv", description = "Textconv mode: the argument is a file, not a revision.")
    boolean textconv;

    @Option(names = "--exit-code", description = "Exit with 1 when keys changed, like git diff --exit-code.")
    boolean exitCode;

    @Parameters(arity = "0..1", paramLabel = "REV|FILE", description = "Git revision (default HEAD), or the file.")
    String argument;

    @Override
    public Integer call() throws Exception {
        if (textconv) {
            return textconv();
        }
        if (env == null) {
            throw new CliException(ExitCodes.USAGE, "Missing -e ENV. Usage: jitploy diff -e ENV [REV].");
        }
        Project project = project();
        Project.Environment environment = project.environment(env);
        String revision = argument == null ? "HEAD" : argument;
        Optional<byte[]> before;
        try (GitRepository git = GitRepository.around(project.root())
                .orElseThrow(() -> CliException.file(project.root() + " is not in a git repository, so there is no"
                        + " revision to compare with."))) {
            before = git.readAt(revision, environment.encrypted());
        }
        EnvFileFormat format = EnvironmentFiles.format(environment.encrypted());
        SortedMap<String, String> old = new TreeMap<>();
        SortedMap<String, String> current = new TreeMap<>();
        try (KeyRing keys = identity.keyRing(environment(), err())) {
            if (before.isPresent()) {
                old = fingerprints(EncryptedEnvFile.parse(before.get(), format), keys);
            }
            if (Files.isRegularFile(environment.encrypted())) {
                current = fingerprints(EncryptedEnvFile.read(environment.encrypted()), keys);
            }
        }
        out().println(env + ": " + EnvironmentFiles.display(environment.encrypted(), environment()) + " (" + revision
                + " -> working copy)");
        int changes = 0;
        TreeSet<String> names = new TreeSet<>(old.keySet());
        names.addAll(current.keySet());
        for (String name : names) {
            String was = old.get(name);
            String is = current.get(name);
            if (was == null) {
                out().println("+ " + name);
            } else if (is == null) {
                out().println("- " + name);
            } else if (!was.equals(is)) {
                out().println("~ " + name);
            } else {
                continue;
            }
            changes++;
        }
        if (changes == 0) {
            out().println("No key changes.");
        }
        return exitCode && changes > 0 ? ExitCodes.PROBLEM : ExitCodes.OK;
    }

    /** One comparable token per variable, never the value itself (see {@link ValueDigest}). */
    private static SortedMap<String, String> fingerprints(EncryptedEnvFile file, KeyRing keys) {
        try (DecryptedEnvFile decrypted = file.decrypt(keys)) {
            return ValueDigest.of(decrypted);
        }
    }

    private int textconv() throws Exception {
        if (argument == null) {
            throw new CliException(ExitCodes.USAGE, "Missing FILE. Usage: jitploy diff --textconv FILE.");
        }
        Path file = environment().resolve(argument);
        EncryptedEnvFile encrypted = EncryptedEnvFile.read(file);
        Optional<KeyRing> keys = identity.find(environment(), err());
        SortedMap<String, String> lines = new TreeMap<>();
        if (keys.isPresent()) {
            try (KeyRing ring = keys.get();
                    DecryptedEnvFile decrypted = encrypted.decrypt(ring)) {
                lines.putAll(decrypted.keyFingerprints());
            } catch (EnvFileException e) {
                lines.clear();
            }
        }
        if (lines.isEmpty()) {
            encrypted.keyPaths().forEach(path -> lines.put(path, "(encrypted)"));
        }
        for (Map.Entry<String, String> line : lines.entrySet()) {
            out().println(line.getKey() + " " + line.getValue());
        }
        out().println("# recipients: " + String.join(", ", RecipientSync.actual(encrypted)));
        return ExitCodes.OK;
    }
}
