package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HelpTest {
    @TempDir
    Path temp;

    @Test
    void every_command_has_help_and_the_root_lists_them_all() {
        CliHarness cli = CliHarness.create(temp);
        List<String> commands = List.of(
                "init",
                "keygen",
                "lock",
                "unlock",
                "edit",
                "set",
                "unset",
                "rotate",
                "recipients",
                "check",
                "encrypt",
                "decrypt",
                "run",
                "diff");

        String root = cli.ok("--help").out();

        assertThat(root).contains(commands).contains("Exit codes");
        // Each command's summary is one whole line in the list, not a description cut mid-sentence.
        for (String command : commands) {
            String listed = root.lines()
                    .filter(line -> line.startsWith("  " + command + " "))
                    .findFirst()
                    .orElseThrow();
            int at = root.lines().toList().indexOf(listed);
            assertThat(listed).as(command).endsWith(".");
            assertThat(root.lines().toList().get(at + 1)).as(command).doesNotStartWith("                ");
        }
        for (String command : commands) {
            assertThat(cli.ok(command, "--help").out()).as(command).contains("Usage: jitploy " + command);
        }
        assertThat(cli.ok("recipients", "add", "--help").out()).contains("RECIPIENT");
        String recipients = cli.ok("recipients", "--help").out();
        for (String sub : List.of("add", "remove")) {
            assertThat(recipients.lines().filter(line -> line.startsWith("  " + sub + " ")))
                    .as("recipients " + sub + ": a whole one-line summary")
                    .singleElement()
                    .satisfies(line -> assertThat(line).endsWith("."));
        }
        assertThat(cli.ok("--version").out()).startsWith("jitploy ");
    }

    @Test
    void unknown_commands_and_options_are_usage_errors() {
        CliHarness cli = CliHarness.create(temp);

        assertThat(cli.run("frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("check", "--frobnicate").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(new CommandLine(new JitployCommand(cli.environment())).getSubcommands())
                .containsKeys("diff", "run");
    }
}
