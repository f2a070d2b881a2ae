package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.AgeKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, as a user runs it: {@code jitploy} as a separate JVM process (main class, real
 * {@link CliEnvironment#system()}, real exit codes through {@code System.exit}), and the {@code bin/jitploy}
 * launcher script.
 */
class LauncherProcessTest {
    @TempDir
    Path temp;

    private record Outcome(int exitCode, String out, String err) {}

    private Outcome jitploy(Path workingDirectory, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + temp.resolve("home"),
                "-cp",
                System.getProperty("java.class.path"),
                JitployCommand.class.getName()));
        command.addAll(List.of(args));
        return start(new ProcessBuilder(command), workingDirectory, env);
    }

    private static Outcome start(ProcessBuilder builder, Path workingDirectory, Map<String, String> env)
            throws IOException, InterruptedException {
        builder.directory(workingDirectory.toFile());
        builder.environment()
                .keySet()
                .removeIf(name ->
                        name.startsWith("JITPLOY_") || name.startsWith("SOPS_") || name.equals("XDG_CONFIG_HOME"));
        builder.environment().putAll(env);
        Path out = Files.createTempFile("jitploy-out", ".txt");
        Path err = Files.createTempFile("jitploy-err", ".txt");
        Process process =
                builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        Outcome outcome = new Outcome(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return outcome;
    }

    @Test
    void full_workflow_in_a_child_jvm_with_real_exit_codes() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        Path keys = temp.resolve("keys.txt");
        Map<String, String> env = Map.of("JITPLOY_KEYS_FILE", keys.toString());

        assertThat(jitploy(cli.repo, env, "init", "--application", "demo").exitCode())
                .isZero();
        assertThat(jitploy(cli.repo, env, "keygen", "-e", "staging").exitCode()).isZero();
        cli.write("config/staging.plain.env", "");
        cli.write("config/staging.plain.yaml", "MESSAGE: from-the-encrypted-file\n");
        assertThat(jitploy(cli.repo, env, "lock", "-e", "staging").exitCode()).isZero();

        Outcome run = jitploy(
                temp,
                env,
                "-C",
                cli.repo.toString(),
                "run",
                "-e",
                "staging",
                "--",
                "sh",
                "-c",
                "echo \"$MESSAGE\"; exit 5");
        assertThat(run.out()).isEqualTo("from-the-encrypted-file\n");
        assertThat(run.exitCode()).isEqualTo(5);

        Outcome noProject = jitploy(temp, env, "check");
        assertThat(noProject.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(noProject.err()).contains("jitploy init");

        Outcome usage = jitploy(cli.repo, env, "lock");
        assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(usage.err()).contains("Missing required option");
    }

    @Test
    void key_files_are_found_under_HOME_as_sops_and_git_find_them() throws Exception {
        // The child JVM's user.home points elsewhere: HOME must win, as it does for sops, age and git.
        CliHarness cli = CliHarness.create(temp);
        Path home = Files.createDirectories(temp.resolve("home-from-variable"));
        Map<String, String> env = Map.of("HOME", home.toString());
        assertThat(jitploy(cli.repo, env, "init").exitCode()).isZero();

        Outcome keygen = jitploy(cli.repo, env, "keygen", "-e", "staging");

        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        assertThat(home.resolve(".config/jitploy/keys.txt")).content().contains("# env: staging");
        assertThat(temp.resolve("home/.config")).doesNotExist();

        // An identity in sops' default key file under HOME opens a file, as `sops -d` would find it.
        AgeKeyPair sopsKey = AgeKeyPair.generate();
        Path sopsKeys =
                Files.createDirectories(home.resolve(".config/sops/age")).resolve("keys.txt");
        Files.writeString(sopsKeys, sopsKey.identity() + "\n");
        cli.write("a.yaml", "secret: from-sops-default\n");
        assertThat(jitploy(cli.repo, env, "encrypt", "-i", "--age", sopsKey.recipient(), "a.yaml")
                        .exitCode())
                .isZero();
        Files.delete(home.resolve(".config/jitploy/keys.txt"));
        assertThat(jitploy(cli.repo, env, "decrypt", "a.yaml").out()).contains("from-sops-default");
    }

    @Test
    void edit_deletes_the_plaintext_temp_file_when_the_jvm_is_terminated_mid_edit() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        byte[] before = Files.readAllBytes(cli.path("config/staging.enc.yaml"));
        Path edited = temp.resolve("edited-path");
        // The "editor" records the file, sends SIGTERM to the jitploy JVM (its nearest java ancestor) and, like a
        // user still typing, stays open until that JVM is gone: only the shutdown hook can clean up.
        Path editor = temp.resolve("editor.sh");
        Files.writeString(
                editor,
                "#!/bin/sh\n"
                        + "echo \"$1\" > " + edited + "\n"
                        + "p=$PPID\n"
                        + "while [ \"$(cat /proc/$p/comm)\" != java ]; do\n"
                        + "  read -r _ _ _ p _ < /proc/$p/stat\n"
                        + "  if [ \"$p\" -le 1 ]; then exit 9; fi\n"
                        + "done\n"
                        + "kill -TERM $p\n"
                        + "while kill -0 $p 2>/dev/null; do sleep 0.1; done\n");
        Files.setPosixFilePermissions(editor, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

        Outcome outcome = jitploy(
                cli.repo,
                Map.of("JITPLOY_KEYS_FILE", cli.keyFile().toString(), "EDITOR", editor.toString()),
                "edit",
                "-e",
                "staging");

        assertThat(outcome.exitCode()).as(outcome.err()).isEqualTo(128 + 15);
        Path plaintext = Path.of(Files.readString(edited).strip());
        assertThat(plaintext.getFileName().toString()).isEqualTo("staging.yaml");
        assertThat(plaintext).doesNotExist();
        assertThat(plaintext.getParent()).doesNotExist();
        assertThat(Files.readAllBytes(cli.path("config/staging.enc.yaml"))).isEqualTo(before);
    }

    @Test
    void launcher_reached_through_a_symlink_on_the_path_finds_the_jar_of_its_checkout() throws Exception {
        // A checkout with the launcher and a built jar, the launcher linked from a directory on PATH, and a stand-in
        // for java that prints what it was asked to run (the real jar is only built after the tests).
        Path checkout = temp.resolve("checkout");
        Path launcher = Files.createDirectories(checkout.resolve("bin")).resolve("jitploy");
        Files.copy(Path.of("..", "bin", "jitploy").toAbsolutePath().normalize(), launcher);
        Path jar =
                Files.createDirectories(checkout.resolve("jitploy-cli/target")).resolve("jitploy-cli-1.0-all.jar");
        Files.writeString(jar, "not really a jar");
        Path userBin = Files.createDirectories(temp.resolve("user-bin"));
        Files.createSymbolicLink(userBin.resolve("jitploy"), launcher);
        Files.createSymbolicLink(userBin.resolve("jp"), Path.of("jitploy"));
        Path fakeJava = temp.resolve("fake-java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(fakeJava, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));

        for (String name : List.of("jitploy", "jp")) {
            Outcome outcome = start(
                    new ProcessBuilder("bash", userBin.resolve(name).toString(), "--version"),
                    temp,
                    Map.of("JAVA", fakeJava.toString()));
            assertThat(outcome.exitCode()).as(outcome.err()).isZero();
            assertThat(Path.of(outcome.out().split(" ")[1]).toRealPath()).isEqualTo(jar.toRealPath());
            assertThat(outcome.out()).endsWith(" --version\n");
        }
    }

    @Test
    void launcher_script_explains_how_to_build_the_jar_when_it_is_missing() throws Exception {
        Path launcher = Path.of("..", "bin", "jitploy").toAbsolutePath().normalize();
        assertThat(launcher).isExecutable();

        Outcome missing = start(
                new ProcessBuilder("bash", launcher.toString(), "--version"),
                temp,
                Map.of("JITPLOY_JAR", temp.resolve("absent.jar").toString()));

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("mvn -P '!plugin' package -DskipTests");
    }
}
