package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnlockCommandTest {
    @TempDir
    Path temp;

    @Test
    void decrypts_to_the_private_git_ignored_plaintext_path() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Files.delete(cli.path("config/staging.plain.yaml"));

        CliHarness.Result result = cli.ok("unlock", "-e", "staging");

        assertThat(cli.read("config/staging.plain.yaml")).contains("password: s3cret-staging");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.path("config/staging.plain.yaml"))))
                .isEqualTo("rw-------");
        assertThat(result.err()).doesNotContain("not git-ignored");
    }

    @Test
    void refuses_to_overwrite_plaintext_edits_that_were_not_locked_unless_forced() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        cli.write("config/staging.plain.yaml", "edited: but not locked\n");

        CliHarness.Result refused = cli.run("unlock", "-e", "staging");

        assertThat(refused.exitCode()).isEqualTo(ExitCodes.FILE);
        assertThat(refused.err()).contains("--force").doesNotContain("edited: but not locked");
        assertThat(cli.read("config/staging.plain.yaml")).isEqualTo("edited: but not locked\n");
        cli.ok("unlock", "-e", "staging", "--force");
        assertThat(cli.read("config/staging.plain.yaml")).contains("s3cret-staging");
        // Same content: nothing to lose, no complaint.
        cli.ok("unlock", "-e", "staging");
    }

    @Test
    void warns_when_the_user_key_file_is_readable_by_others() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Files.setPosixFilePermissions(cli.keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(cli.ok("unlock", "-e", "staging", "--force").err()).contains("chmod 600");
    }

    @Test
    void warns_when_the_plaintext_would_be_committed() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        cli.write(".gitignore", "");

        assertThat(cli.ok("unlock", "-e", "staging", "--force").err()).contains("not git-ignored");
    }

    @Test
    void without_any_key_it_fails_with_the_key_exit_code_and_lists_where_it_looked() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Files.delete(cli.keyFile());
        Files.delete(cli.path("config/staging.plain.yaml"));

        CliHarness.Result result = cli.run("unlock", "-e", "staging");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(result.err()).contains("No private key found", "JITPLOY_AGE_KEY", "keys.txt");
        assertThat(cli.path("config/staging.plain.yaml")).doesNotExist();
    }

    @Test
    void with_another_environment_s_key_it_fails_with_the_key_exit_code() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        String productionOnly = Files.readString(cli.keyFile()).split("# created:")[2];
        Path other = temp.resolve("production-key.txt");
        Files.writeString(other, "# created:" + productionOnly);

        CliHarness.Result result = cli.run("unlock", "-e", "staging", "--identity", other.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(result.err()).doesNotContain("AGE-SECRET-KEY");
    }

    @Test
    void a_missing_encrypted_file_is_a_file_error() {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init");
        cli.ok("keygen", "-e", "staging");

        CliHarness.Result result = cli.run("unlock", "-e", "staging");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FILE);
        assertThat(result.err()).contains("jitploy lock");
    }
}
