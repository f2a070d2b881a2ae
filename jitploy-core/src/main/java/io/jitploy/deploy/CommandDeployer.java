package io.jitploy.deploy;

import io.jitploy.config.DeployVariables;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs the environment's deploy command as a local process with the {@code JITPLOY_*} variables (and any decrypted
 * variables the caller supplies) in its environment. Exit code 0 is success. The process is awaited with {@link
 * Process#onExit()}, so no thread waits for it.
 */
public final class CommandDeployer implements Deployer {
    private final List<String> command;
    private final Path workingDirectory;
    private final Path log;
    private final Function<DeployStart, Map<String, String>> extraVariables;

    /**
     * @param command the program and its arguments, e.g. {@code ["sh", "-c", "./deploy.sh staging"]}
     * @param workingDirectory where to run it (the checkout of the release's sha)
     * @param log file that receives stdout and stderr (appended)
     * @param extraVariables further environment variables per deploy, e.g. the decrypted env file; may be empty.
     *     A name starting with {@code JITPLOY_} (any letter case) fails the deploy before the command runs.
     */
    public CommandDeployer(
            List<String> command,
            Path workingDirectory,
            Path log,
            Function<DeployStart, Map<String, String>> extraVariables) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("The deploy command is empty: set `deploy:` for the environment.");
        }
        this.command = List.copyOf(command);
        this.workingDirectory = Objects.requireNonNull(workingDirectory, "workingDirectory");
        this.log = Objects.requireNonNull(log, "log");
        this.extraVariables = Objects.requireNonNull(extraVariables, "extraVariables");
    }

    @Override
    public CompletableFuture<DeployOutcome> deploy(DeployStart start) {
        Map<String, String> extra = extraVariables.apply(start);
        try {
            // A decrypted JITPLOY_* variable would either spoof the engine's facts or be silently dropped: either
            // way the deploy would run with a value nobody meant, so it fails before the command starts.
            DeployVariables.requireUnreserved(start.intent().environment(), extra.keySet());
        } catch (DeployVariables.ReservedVariableException e) {
            return CompletableFuture.completedFuture(DeployOutcome.failed(e.getMessage()));
        }
        Map<String, String> environment = new HashMap<>(extra);
        environment.putAll(start.variables());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return CompletableFuture.completedFuture(DeployOutcome.failed(
                    "could not start " + command.get(0) + " in " + workingDirectory + ": " + e.getMessage()));
        }
        return process.onExit()
                .thenApply(done -> done.exitValue() == 0
                        ? DeployOutcome.succeeded()
                        : DeployOutcome.failed(
                                command.get(0) + " exited with " + done.exitValue() + " (see " + log + ")"));
    }
}
