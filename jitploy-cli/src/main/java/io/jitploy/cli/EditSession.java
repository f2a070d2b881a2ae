package io.jitploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Lets the user edit decrypted content in {@code $EDITOR}: the plaintext goes to a file (0600) inside a fresh
 * private temp directory (0700), and both are deleted when the session closes, when the editor fails, and, through
 * a shutdown hook, when the JVM is interrupted (Ctrl-C). The plaintext never touches the repository.
 */
final class EditSession implements AutoCloseable {
    private final Path directory;
    private final Path file;
    private final Thread cleanup;

    private EditSession(Path directory, Path file) {
        this.directory = directory;
        this.file = file;
        this.cleanup = new Thread(this::deleteQuietly, "jitploy-edit-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
    }

    /** Writes the plaintext into a private temp file named {@code fileName} (so editors pick the syntax). */
    static EditSession open(String fileName, byte[] plaintext) throws IOException {
        Path directory = Files.createTempDirectory(
                "jitploy-edit-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path file = directory.resolve(fileName);
        EditSession session = new EditSession(directory, file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, plaintext);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    Path file() {
        return file;
    }

    /**
     * Runs the editor command (a shell command line such as {@code vi} or {@code code --wait}) on the file and
     * returns the edited content.
     */
    byte[] edit(String editorCommand, CliEnvironment environment, PrintWriter err)
            throws IOException, InterruptedException {
        // The editor may carry arguments ("code --wait"): let the shell split it, pass the file as "$1".
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", editorCommand + " \"$1\"", "jitploy-edit"));
        command.add(file.toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment.variables());
        if (environment.inheritChildIo()) {
            builder.inheritIO();
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true);
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.COMMAND,
                    "Cannot start the editor `" + editorCommand + "`: " + e.getMessage()
                            + ". Set EDITOR to an editor that waits until the file is closed.");
        }
        if (!environment.inheritChildIo()) {
            process.getOutputStream().close();
            err.print(new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
        int exit = process.waitFor();
        if (exit != 0) {
            throw new CliException(
                    ExitCodes.COMMAND,
                    "The editor `" + editorCommand + "` exited with code " + exit
                            + "; nothing was changed. Fix the editor (EDITOR variable) and run the command again.");
        }
        return Files.readAllBytes(file);
    }

    @Override
    public void close() {
        deleteQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook itself is deleting the files.
        }
    }

    private void deleteQuietly() {
        try {
            if (Files.exists(file)) {
                // Overwrite before deleting: a cheap defence against the bytes lingering in the page cache of a
                // file system without encryption. Not a guarantee on SSDs or copy-on-write file systems.
                byte[] zeros = new byte[(int) Math.min(Files.size(file), Integer.MAX_VALUE)];
                Arrays.fill(zeros, (byte) 0);
                Files.write(file, zeros);
            }
            try (var entries = Files.list(directory)) {
                for (Path entry : entries.toList()) {
                    Files.deleteIfExists(entry);
                }
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // Best effort; the directory is private to the user either way.
        }
    }
}
