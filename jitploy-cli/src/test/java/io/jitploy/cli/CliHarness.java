package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import picocli.CommandLine;

/**
 * Runs {@code jitploy} in-process against a temporary git repository and a temporary home directory, with captured
 * output and an injected environment (never the developer's real keys).
 */
final class CliHarness {
    final Path repo;
    final Path home;
    final Map<String, String> variables = new HashMap<>();
    private byte[] stdin = new byte[0];

    private CliHarness(Path repo, Path home) {
        this.repo = repo;
        this.home = home;
        variables.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        variables.put("HOME", home.toString());
    }

    /** A fresh git repository {@code repo/} and home {@code home/} under the test's temp directory. */
    static CliHarness create(Path tempDir) {
        try {
            Path repo = Files.createDirectories(tempDir.resolve("repo"));
            Path home = Files.createDirectories(tempDir.resolve("home"));
            Git.init()
                    .setDirectory(repo.toFile())
                    .setInitialBranch("main")
                    .call()
                    .close();
            return new CliHarness(repo, home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A project with staging and production, a key for each in the user key file, and both files locked. */
    static CliHarness withLockedProject(Path tempDir) {
        CliHarness cli = create(tempDir);
        cli.ok("init", "--application", "shop");
        cli.ok("keygen", "-e", "staging");
        cli.ok("keygen", "-e", "production");
        cli.write("config/staging.plain.yaml", "db:\n    password: s3cret-staging\nport: 5432\nGREETING: hello\n");
        cli.write("config/production.plain.yaml", "db:\n    password: s3cret-production\nport: 5432\n");
        cli.ok("lock", "-e", "staging");
        cli.ok("lock", "-e", "production");
        return cli;
    }

    CliHarness stdin(String text) {
        stdin = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    CliEnvironment environment() {
        return CliEnvironment.builder()
                .variables(variables)
                .home(home)
                .workingDirectory(repo)
                .stdin(new ByteArrayInputStream(stdin))
                .build();
    }

    Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = JitployCommand.commandLine(new JitployCommand(environment()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        stdin = new byte[0];
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** Runs and asserts exit code 0, showing stderr when it is not. */
    Result ok(String... args) {
        Result result = run(args);
        assertThat(result.exitCode())
                .as("exit code of %s; stderr: %s", String.join(" ", args), result.err())
                .isZero();
        return result;
    }

    Path path(String relative) {
        return repo.resolve(relative);
    }

    void write(String relative, String text) {
        try {
            Path file = repo.resolve(relative);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String relative) {
        try {
            return Files.readString(repo.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path keyFile() {
        return home.resolve(".config/jitploy/keys.txt");
    }

    void commitAll(String message) {
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage(message)
                    .setAuthor("Test", "test@example.com")
                    .setCommitter("Test", "test@example.com")
                    .setSign(false)
                    .call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String out, String err) {}
}
