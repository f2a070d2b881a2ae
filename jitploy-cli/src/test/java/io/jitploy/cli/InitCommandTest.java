package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {
    @TempDir
    Path temp;

    @Test
    void writes_a_valid_project_file_and_ignores_plaintext_copies() {
        CliHarness cli = CliHarness.create(temp);
        cli.write(".gitignore", "target/");

        CliHarness.Result result = cli.ok("init", "--application", "shop", "-e", "staging,production");

        assertThat(result.out()).contains("staging, production");
        assertThat(cli.read(".gitignore"))
                .isEqualTo(
                        "target/\n"
                                + "# Plaintext copies of encrypted env files (jitploy unlock): never commit them.\n*.plain.*\n");
        Project project = Project.load(cli.repo);
        assertThat(project.application()).isEqualTo("shop");
        assertThat(project.environmentNames()).containsExactly("staging", "production");
        assertThat(project.environment("staging").encrypted()).isEqualTo(cli.path("config/staging.enc.yaml"));
        assertThat(project.environment("staging").plaintext()).isEqualTo(cli.path("config/staging.plain.yaml"));
        assertThat(cli.path("config")).isDirectory();
    }

    @Test
    void a_second_init_changes_nothing_and_fails_with_the_config_exit_code() {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init");
        String before = cli.read(".jitploy.yml");

        CliHarness.Result again = cli.run("init", "-e", "qa");

        assertThat(again.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(again.err()).contains("already exists");
        assertThat(cli.read(".jitploy.yml")).isEqualTo(before);
        assertThat(cli.read(".gitignore").lines().filter(line -> line.equals("*.plain.*")))
                .hasSize(1);
    }

    @Test
    void rejects_invalid_environment_names_and_escrow_recipients_as_usage_errors() {
        CliHarness cli = CliHarness.create(temp);

        assertThat(cli.run("init", "-e", "stag ing").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("init", "--escrow-age", "age1notvalid").exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(cli.path(".jitploy.yml")).doesNotExist();
    }
}
