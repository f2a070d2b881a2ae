package io.jitploy.cli;

import io.jitploy.config.RecipientPolicy;
import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EnvFileException;
import io.jitploy.envfile.NoMatchingKeyException;
import io.jitploy.envfile.keys.KeyRing;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jitploy check [-e ENV]}: every environment's file is well formed, encrypted for exactly the declared
 * recipients plus escrow, its plaintext copy is not tracked by git, and (when a key is available) its MAC verifies.
 * Exit code 1 on any problem: usable as a pre-commit hook and in CI.
 */
@Command(
        name = "check",
        header = "Check encrypted files, recipients and the MAC (pre-commit, CI).",
        mixinStandardHelpOptions = true,
        description = {
            "Check the encrypted files of all environments (or of ENV): structure, recipients against",
            ".jitploy.yml (declared recipients + escrow, exactly), plaintext copies not tracked by git, and the",
            "MAC when a key is available. Exit code 1 on any problem."
        })
final class CheckCommand extends Subcommand {
    @Option(
            names = {"-e", "--env"},
            paramLabel = "ENV",
            description = "Check only this environment.")
    String env;

    @Mixin
    IdentityOption identity;

    @Option(names = "--require-key", description = "Treat a file whose MAC cannot be verified (no key) as a problem.")
    boolean requireKey;

    @Override
    public Integer call() throws Exception {
        Project project = project();
        List<String> names = env == null
                ? project.environmentNames()
                : List.of(project.environment(env).name());
        Optional<KeyRing> keys = identity.find(environment(), err());
        int problems = 0;
        try {
            for (String name : names) {
                problems += check(project, project.environment(name), keys);
            }
        } finally {
            keys.ifPresent(KeyRing::close);
        }
        if (problems > 0) {
            out().println(problems + " problem(s) found.");
            return ExitCodes.PROBLEM;
        }
        out().println("All " + names.size() + " environment(s) OK.");
        return ExitCodes.OK;
    }

    private int check(Project project, Project.Environment environment, Optional<KeyRing> keys) throws IOException {
        String label =
                environment.name() + " (" + EnvironmentFiles.display(environment.encrypted(), environment()) + ")";
        List<String> problems = new ArrayList<>();
        String macStatus = "MAC not verified: no key";
        if (trackedByGit(project, environment)) {
            problems.add("plaintext " + environment.plaintext() + " is tracked by git: `git rm --cached "
                    + environment.plaintext() + "` and add `*.plain.*` to .gitignore");
        }
        if (!Files.isRegularFile(environment.encrypted())) {
            problems.add("file is missing: create it with `jitploy lock -e " + environment.name() + "`");
        } else {
            try {
                EncryptedEnvFile file = EncryptedEnvFile.read(environment.encrypted());
                problems.addAll(
                        RecipientPolicy.violations(project.config(), environment.spec(), RecipientSync.inFile(file)));
                if (keys.isPresent()) {
                    try (DecryptedEnvFile decrypted = file.decrypt(keys.get())) {
                        macStatus = "MAC verified, " + EnvironmentFiles.keyCount(file);
                    } catch (NoMatchingKeyException e) {
                        macStatus = "MAC not verified: none of your keys is a recipient";
                    }
                }
                if (requireKey && macStatus.startsWith("MAC not verified")) {
                    problems.add(macStatus);
                }
            } catch (EnvFileException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty()) {
            out().println("ok      " + label + ": " + macStatus);
        } else {
            for (String problem : problems) {
                out().println("PROBLEM " + label + ": " + problem);
            }
        }
        return problems.size();
    }

    private static boolean trackedByGit(Project project, Project.Environment environment) throws IOException {
        Optional<GitRepository> git = GitRepository.around(project.root());
        if (git.isEmpty()) {
            return false;
        }
        try (GitRepository repository = git.get()) {
            return repository.isTracked(environment.plaintext());
        }
    }
}
