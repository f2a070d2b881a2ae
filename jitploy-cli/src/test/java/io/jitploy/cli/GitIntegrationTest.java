package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git integrations of docs/cli.md, driven by the real {@code git} binary: {@code jitploy check} as a pre-commit
 * hook and {@code jitploy diff --textconv} as a diff driver. git runs {@code jitploy} from {@code PATH}, here a
 * wrapper script that starts the CLI in a child JVM.
 */
class GitIntegrationTest {
    @TempDir
    Path temp;

    private CliHarness cli;
    private Path bin;

    private record Outcome(int exitCode, String out) {}

    @BeforeEach
    void projectAndLauncher() throws IOException {
        cli = CliHarness.withLockedProject(temp);
        bin = Files.createDirectories(temp.resolve("bin"));
        Path launcher = bin.resolve("jitploy");
        Files.writeString(
                launcher,
                "#!/bin/sh\nexec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Duser.home='"
                        + cli.home + "' -cp '" + System.getProperty("java.class.path") + "' "
                        + JitployCommand.class.getName() + " \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));
    }

    private Outcome git(String... args) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(
                        java.util.stream.Stream.concat(java.util.stream.Stream.of("git"), java.util.Arrays.stream(args))
                                .toList())
                .directory(cli.repo.toFile())
                .redirectErrorStream(true);
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("JITPLOY_")
                        || name.startsWith("SOPS_")
                        || name.startsWith("GIT_")
                        || name.equals("XDG_CONFIG_HOME"));
        builder.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().put("HOME", cli.home.toString());
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_AUTHOR_NAME", "Test");
        builder.environment().put("GIT_AUTHOR_EMAIL", "test@example.com");
        builder.environment().put("GIT_COMMITTER_NAME", "Test");
        builder.environment().put("GIT_COMMITTER_EMAIL", "test@example.com");
        Process process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), out);
    }

    @Test
    void check_as_a_pre_commit_hook_refuses_a_tampered_file_and_a_tracked_plaintext() throws Exception {
        Path hook = cli.repo.resolve(".git/hooks/pre-commit");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\nexec jitploy check\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(git("add", "-A").exitCode()).isZero();

        Outcome first = git("commit", "-q", "-m", "config");
        assertThat(first.exitCode()).as(first.out()).isZero();
        assertThat(first.out()).contains("All 2 environment(s) OK");

        Tampering.flipValue(cli.path("config/staging.enc.yaml"), "port:");
        Outcome tampered = git("commit", "-q", "-a", "-m", "tampered");
        assertThat(tampered.exitCode()).isNotZero();
        assertThat(tampered.out()).contains("PROBLEM staging").doesNotContain("s3cret");
        assertThat(git("rev-list", "--count", "HEAD").out().strip()).isEqualTo("1");

        assertThat(git("checkout", "--", "config/staging.enc.yaml").exitCode()).isZero();
        assertThat(git("add", "-f", "config/staging.plain.yaml").exitCode()).isZero();
        Outcome plaintext = git("commit", "-q", "-m", "plaintext");
        assertThat(plaintext.exitCode()).isNotZero();
        assertThat(plaintext.out()).contains("is tracked by git");
        assertThat(git("rev-list", "--count", "HEAD").out().strip()).isEqualTo("1");
    }

    @Test
    void textconv_driver_makes_git_diff_show_key_names_and_never_values() throws Exception {
        assertThat(git("config", "diff.jitploy.textconv", "jitploy diff --textconv")
                        .exitCode())
                .isZero();
        assertThat(git("config", "diff.jitploy.cachetextconv", "false").exitCode())
                .isZero();
        cli.write(".gitattributes", "*.enc.* diff=jitploy\n");
        assertThat(git("add", "-A").exitCode()).isZero();
        assertThat(git("commit", "-q", "-m", "config").exitCode()).isZero();
        cli.ok("set", "-e", "staging", "GREETING", "bonjour-secret");
        cli.ok("set", "-e", "staging", "API_TOKEN", "token-secret");

        Outcome diff = git("diff", "--", "config/staging.enc.yaml");

        assertThat(diff.exitCode()).as(diff.out()).isZero();
        List<String> changed =
                diff.out().lines().filter(line -> line.matches("^[-+][^-+].*")).toList();
        assertThat(changed).hasSize(3);
        assertThat(changed).anyMatch(line -> line.matches("-GREETING [0-9a-f]{12}"));
        assertThat(changed).anyMatch(line -> line.matches("\\+GREETING [0-9a-f]{12}"));
        assertThat(changed).anyMatch(line -> line.matches("\\+API_TOKEN [0-9a-f]{12}"));
        assertThat(diff.out()).doesNotContain("ENC[", "bonjour-secret", "token-secret", "hello", "s3cret");
    }
}
