package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockCommandTest {
    @TempDir
    Path temp;

    @Test
    void encrypts_the_plaintext_file_for_the_declared_recipients() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        String encrypted = cli.read("config/staging.enc.yaml");

        assertThat(encrypted).contains("ENC[AES256_GCM", "sops:", "password:").doesNotContain("s3cret-staging");
        assertThat(encrypted)
                .contains(Project.load(cli.repo)
                        .environment("staging")
                        .recipients()
                        .age()
                        .get(0));
        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).contains("s3cret-staging");
    }

    @Test
    void relocking_keeps_the_ciphertext_of_unchanged_values() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        List<String> before = cli.read("config/staging.enc.yaml").lines().toList();
        cli.write("config/staging.plain.yaml", "db:\n    password: s3cret-staging\nport: 5433\nGREETING: hello\n");

        cli.ok("lock", "-e", "staging");

        List<String> after = cli.read("config/staging.enc.yaml").lines().toList();
        assertThat(after.stream().filter(line -> line.contains("password:")))
                .isEqualTo(before.stream()
                        .filter(line -> line.contains("password:"))
                        .toList());
        assertThat(after.stream().filter(line -> line.startsWith("port:")))
                .doesNotContainAnyElementsOf(
                        before.stream().filter(line -> line.startsWith("port:")).toList());
    }

    @Test
    void rm_deletes_the_plaintext_after_encrypting() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        cli.ok("lock", "-e", "staging", "--rm");

        assertThat(cli.path("config/staging.plain.yaml")).doesNotExist();
        assertThat(cli.path("config/staging.enc.yaml")).exists();
    }

    @Test
    void missing_plaintext_is_a_file_error_and_no_recipients_is_a_config_error() {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init");
        cli.write("config/staging.plain.yaml", "A: b\n");

        CliHarness.Result noRecipients = cli.run("lock", "-e", "staging");
        assertThat(noRecipients.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(noRecipients.err()).contains("jitploy keygen -e staging");

        CliHarness.Result noPlaintext = cli.run("lock", "-e", "production");
        assertThat(noPlaintext.exitCode()).isEqualTo(ExitCodes.FILE);
        assertThat(cli.path("config/staging.enc.yaml")).doesNotExist();
    }
}
