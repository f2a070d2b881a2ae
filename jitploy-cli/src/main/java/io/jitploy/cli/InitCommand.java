package io.jitploy.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jitploy init}: writes {@code .jitploy.yml} and git-ignores the plaintext files. */
@Command(
        name = "init",
        header = "Create .jitploy.yml and git-ignore plaintext copies.",
        mixinStandardHelpOptions = true,
        description = {
            "Create .jitploy.yml declaring environments (default: staging and production) with their encrypted",
            "files config/ENV.enc.yaml, and add `*.plain.*` to .gitignore so plaintext copies are never committed.",
            "Then run `jitploy keygen -e ENV` for each environment."
        })
final class InitCommand extends Subcommand {
    @Option(
            names = {"-e", "--env"},
            paramLabel = "ENV",
            split = ",",
            description = "Environments to declare, in order (default: staging,production).")
    List<String> environments = new ArrayList<>();

    @Option(names = "--application", paramLabel = "NAME", description = "Application name (default: directory name).")
    String application;

    @Option(names = "--escrow-age", paramLabel = "RECIPIENT", description = "Break-glass age recipient; repeatable.")
    List<String> escrow = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path root = root().projectDirectory();
        Path config = root.resolve(Project.FILE_NAME);
        if (Files.exists(config)) {
            throw CliException.config(config + " already exists. Edit it, or add environments with"
                    + " `jitploy keygen -e ENV` once they are declared.");
        }
        List<String> names = environments.isEmpty() ? List.of("staging", "production") : environments;
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "Environment name '" + name + "' is not valid: use letters," + " digits, '-', '_' and '.'.");
            }
        }
        escrow.forEach(io.jitploy.envfile.keys.Recipient::parse);
        String app = application == null ? root.getFileName().toString() : application;
        Files.createDirectories(root);
        ProjectFile.create(config, app, names, escrow);
        // Create the directories of the env files so the first plaintext file can be written straight away.
        for (String name : Project.load(root).environmentNames()) {
            Files.createDirectories(
                    Project.load(root).environment(name).encrypted().getParent());
        }
        boolean ignored = ignorePlaintext(root);
        out().println("Created " + EnvironmentFiles.display(config, environment()) + " with environments "
                + String.join(", ", names) + (ignored ? " and added `*.plain.*` to .gitignore." : "."));
        out().println("Next: `jitploy keygen -e " + names.get(0) + "` to create the first key.");
        return ExitCodes.OK;
    }

    /** Adds the plaintext pattern to .gitignore unless a line already has it. Returns whether it added it. */
    private static boolean ignorePlaintext(Path root) throws java.io.IOException {
        Path gitignore = root.resolve(".gitignore");
        String text = Files.exists(gitignore) ? Files.readString(gitignore, StandardCharsets.UTF_8) : "";
        if (text.lines().anyMatch(line -> line.strip().equals("*.plain.*"))) {
            return false;
        }
        StringBuilder updated = new StringBuilder(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            updated.append('\n');
        }
        updated.append("# Plaintext copies of encrypted env files (jitploy unlock): never commit them.\n");
        updated.append("*.plain.*\n");
        EnvironmentFiles.writePrivate(gitignore, updated.toString().getBytes(StandardCharsets.UTF_8));
        gitignore.toFile().setReadable(true, false);
        return true;
    }
}
