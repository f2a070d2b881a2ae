package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.AgeKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    @TempDir
    Path temp;

    @Test
    void a_consistent_project_passes_with_mac_verified() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        CliHarness.Result result = cli.ok("check");

        assertThat(result.out()).contains("ok      staging", "ok      production", "MAC verified", "All 2");
    }

    @Test
    void files_must_also_be_encrypted_for_the_escrow_recipients() {
        CliHarness cli = CliHarness.create(temp);
        String escrow = AgeKeyPair.generate().recipient();
        cli.ok("init", "--escrow-age", escrow);
        cli.ok("keygen", "-e", "staging");
        cli.write("config/staging.plain.yaml", "A: b\n");
        cli.ok("lock", "-e", "staging");
        assertThat(cli.read("config/staging.enc.yaml")).contains(escrow);
        assertThat(cli.ok("check", "-e", "staging").out()).contains("ok      staging");

        String laterEscrow = AgeKeyPair.generate().recipient();
        cli.write(".jitploy.yml", cli.read(".jitploy.yml").replace(escrow, laterEscrow));

        CliHarness.Result result = cli.run("check", "-e", "staging");
        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(result.out()).contains("not encrypted for the escrow age recipient " + laterEscrow, escrow);
    }

    @Test
    void without_a_key_structure_and_recipients_are_still_checked() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Files.delete(cli.keyFile());

        assertThat(cli.ok("check").out()).contains("MAC not verified: no key");
        assertThat(cli.run("check", "--require-key").exitCode()).isEqualTo(ExitCodes.PROBLEM);
    }

    @Test
    void a_tampered_value_fails_the_check() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Tampering.flipValue(cli.path("config/production.enc.yaml"), "port:");

        CliHarness.Result result = cli.run("check");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(result.out()).contains("ok      staging", "PROBLEM production");
    }

    @Test
    void an_undeclared_recipient_in_the_file_fails_the_check() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        String intruder = AgeKeyPair.generate().recipient();
        cli.ok("recipients", "add", "-e", "staging", intruder);
        // Edit .jitploy.yml by hand, as a reviewer could miss: the file still lists the intruder.
        cli.write(
                ".jitploy.yml",
                cli.read(".jitploy.yml").replace(intruder, AgeKeyPair.generate().recipient()));

        CliHarness.Result result = cli.run("check", "-e", "staging");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(result.out()).contains("still encrypted for age recipient " + intruder, "not encrypted for");
    }

    @Test
    void a_tracked_plaintext_file_and_a_missing_encrypted_file_are_problems() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        // Committed before it was git-ignored: git keeps tracking it.
        String gitignore = cli.read(".gitignore");
        cli.write(".gitignore", "");
        try (Git git = Git.open(cli.repo.toFile())) {
            git.add().addFilepattern("config/staging.plain.yaml").call();
        }
        cli.write(".gitignore", gitignore);
        Files.delete(cli.path("config/production.enc.yaml"));

        CliHarness.Result result = cli.run("check");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.PROBLEM);
        assertThat(result.out()).contains("is tracked by git", "file is missing", "2 problem(s)");
    }

    @Test
    void missing_project_file_and_unknown_environment_are_config_errors() {
        CliHarness cli = CliHarness.create(temp);
        CliHarness.Result missing = cli.run("check");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(missing.err()).contains("jitploy init");

        cli.ok("init");
        assertThat(cli.run("check", "-e", "qa").exitCode()).isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void an_invalid_project_file_is_a_config_error() {
        CliHarness cli = CliHarness.create(temp);
        cli.write(".jitploy.yml", "version: 1\nenvironments: 3\n");

        assertThat(cli.run("check").exitCode()).isEqualTo(ExitCodes.CONFIG);
    }
}
