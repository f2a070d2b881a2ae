package io.jitploy.cli;

import io.jitploy.config.DeployVariables;
import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.ledger.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code jitploy run -e ENV -- CMD ARGS...}: runs a command with the environment's decrypted variables added to
 * its environment, the workstation counterpart of the Jenkins {@code decryptEnv} step.
 */
@Command(
        name = "run",
        header = "Run a command with the decrypted variables in its environment.",
        mixinStandardHelpOptions = true,
        description = {
            "Run CMD with the environment's decrypted variables added to its environment, plus the JITPLOY_*",
            "variables a Jenkins deploy sets (JITPLOY_APP, JITPLOY_ENV, JITPLOY_VERSION, JITPLOY_SHA,",
            "JITPLOY_TRIGGER=manual, ...). The command runs in the project directory and jitploy exits with its",
            "exit code (127 if it cannot be started). Put -- before CMD."
        })
final class RunCommand extends Subcommand {
    /** Exit code when the command cannot be started, as shells use. */
    static final int NOT_STARTED = 127;

    @Mixin
    EnvironmentOption env;

    @Mixin
    IdentityOption identity;

    @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments.")
    List<String> command;

    @Override
    public Integer call() throws Exception {
        Project project = project();
        Project.Environment environment = project.environment(env.name);
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(project.root().toFile());
        Map<String, String> childEnvironment = builder.environment();
        childEnvironment.clear();
        childEnvironment.putAll(environment().variables());
        String sha = GitRepository.around(project.root())
                .flatMap(GitRepository::headCommit)
                .orElse("0000000000000000000000000000000000000000");
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted =
                        EnvironmentFiles.readEncrypted(environment.encrypted()).decrypt(keys)) {
            // The same variables as a deploy from Jenkins, so a script tried locally behaves the same there.
            childEnvironment.putAll(DeployVariables.builder()
                    .application(project.application())
                    .environment(environment.spec())
                    .version(sha.substring(0, 12))
                    .sha(sha)
                    .trigger(Trigger.MANUAL)
                    .decrypted(decrypted.toEnvironment())
                    .build()
                    .asMap());
        } catch (DeployVariables.ReservedVariableException e) {
            throw CliException.config(e.getMessage() + ".");
        }
        if (environment().inheritChildIo()) {
            builder.inheritIO();
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            err().println("jitploy: cannot run `" + command.get(0) + "`: " + e.getMessage()
                    + ". Check the command name and that it is executable.");
            return NOT_STARTED;
        } finally {
            childEnvironment.clear();
        }
        if (!environment().inheritChildIo()) {
            process.getOutputStream().close();
            Thread errors = pump(process.getErrorStream(), err());
            pump(process.getInputStream(), out()).join();
            errors.join();
        }
        return process.waitFor();
    }

    /** Copies a child's output to one of our writers (used when our streams are not a terminal, e.g. in tests). */
    private static Thread pump(InputStream from, PrintWriter to) {
        Thread thread = new Thread(() -> {
            try (InputStreamReader reader = new InputStreamReader(from, StandardCharsets.UTF_8)) {
                char[] buffer = new char[8192];
                int read;
                while ((read = reader.read(buffer)) >= 0) {
                    to.write(buffer, 0, read);
                    to.flush();
                }
            } catch (IOException e) {
                to.flush();
            }
        });
        thread.start();
        return thread;
    }
}
