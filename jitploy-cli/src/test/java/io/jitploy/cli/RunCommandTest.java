package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path temp;

    @Test
    void the_command_sees_the_decrypted_variables_and_the_deploy_variables() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        cli.commitAll("config");

        CliHarness.Result result = cli.ok(
                "run",
                "-e",
                "staging",
                "--",
                "sh",
                "-c",
                "echo \"$JITPLOY_ENV $JITPLOY_APP $JITPLOY_TRIGGER $GREETING $db_password ${#JITPLOY_SHA}\"");

        assertThat(result.out()).isEqualTo("staging shop manual hello s3cret-staging 40\n");
    }

    @Test
    void a_decrypted_variable_may_not_override_a_jitploy_variable() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        cli.ok("set", "-e", "staging", "JITPLOY_ENV", "production");

        CliHarness.Result result = cli.run("run", "-e", "staging", "--", "true");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(result.err()).contains("JITPLOY_ENV").doesNotContain("production\n");
    }

    @Test
    void the_command_runs_in_the_project_directory_given_with_C() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
        cli.write("deploy.sh", "#!/bin/sh\npwd\n");
        cli.path("deploy.sh").toFile().setExecutable(true);

        CliHarness.Result result = cli.ok("-C", cli.repo.toString(), "run", "-e", "production", "--", "./deploy.sh");

        assertThat(result.out().strip()).isEqualTo(cli.repo.toRealPath().toString());
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void the_exit_code_of_the_command_is_propagated() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        CliHarness.Result result = cli.run("run", "-e", "staging", "--", "sh", "-c", "echo oops >&2; exit 42");

        assertThat(result.exitCode()).isEqualTo(42);
        assertThat(result.err()).contains("oops");
    }

    @Test
    void a_command_that_cannot_start_exits_127_and_nothing_runs_without_a_key() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        assertThat(cli.run("run", "-e", "staging", "--", "no-such-command-jitploy")
                        .exitCode())
                .isEqualTo(127);

        Files.delete(cli.keyFile());
        Path marker = temp.resolve("ran");
        CliHarness.Result noKey = cli.run("run", "-e", "staging", "--", "touch", marker.toString());
        assertThat(noKey.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(marker).doesNotExist();
    }

    @Test
    void unknown_environment_is_a_config_error() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        assertThat(cli.run("run", "-e", "qa", "--", "true").exitCode()).isEqualTo(ExitCodes.CONFIG);
    }
}
