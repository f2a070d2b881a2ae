package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The README's run command on the shipped example keeps working: files, demo key and deploy script. */
class ExampleAppTest {
    private static final Path EXAMPLE =
            Path.of("..", "examples", "hello-app").toAbsolutePath().normalize();

    @TempDir
    Path home;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment environment = CliEnvironment.builder()
                .variables(Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")))
                .home(home)
                .workingDirectory(EXAMPLE.getParent().getParent())
                .build();
        CommandLine commandLine = JitployCommand.commandLine(new JitployCommand(environment));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new String[] {String.valueOf(exitCode), out.toString(), err.toString()};
    }

    @Test
    void readme_run_command_deploys_staging_with_the_demo_key() {
        String[] result = run(
                "-C",
                "examples/hello-app",
                "run",
                "-e",
                "staging",
                "--identity",
                "examples/hello-app/demo-keys.txt",
                "--",
                "./deploy.sh");

        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(result[1])
                .contains(
                        "Deploying hello-app to staging",
                        "JITPLOY_ENV=staging",
                        "DATABASE_URL is set (value hidden)",
                        "Done.");
        assertThat(result[1]).doesNotContain("demo-staging-password");
    }

    @Test
    void example_files_pass_check_and_the_demo_key_is_marked_as_such() throws Exception {
        String[] result = run(
                "-C", "examples/hello-app", "check", "--require-key", "--identity", "examples/hello-app/demo-keys.txt");

        assertThat(result[0]).as(result[1]).isEqualTo("0");
        assertThat(Files.readString(EXAMPLE.resolve("demo-keys.txt"))).startsWith("# DEMO KEYS: public");
        assertThat(EXAMPLE.resolve("config")).isDirectoryNotContaining("glob:**.plain.*");
    }
}
