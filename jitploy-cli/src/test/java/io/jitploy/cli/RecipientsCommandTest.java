package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.AgeKeyPair;
import io.jitploy.envfile.pgp.PgpPublicKey;
import io.jitploy.envfile.pgp.PgpTestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipientsCommandTest {
    @TempDir
    Path temp;

    @Test
    void added_age_recipient_can_decrypt_and_removal_with_rotate_revokes_it() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        AgeKeyPair colleague = AgeKeyPair.generate();
        Path colleagueKey = temp.resolve("colleague.txt");
        Files.writeString(colleagueKey, colleague.identity() + "\n");

        cli.ok("recipients", "add", "-e", "staging", colleague.recipient());

        assertThat(Project.load(cli.repo).environment("staging").recipients().age())
                .contains(colleague.recipient());
        assertThat(cli.ok("decrypt", "--identity", colleagueKey.toString(), "config/staging.enc.yaml")
                        .out())
                .contains("s3cret-staging");

        CliHarness.Result removed = cli.ok("recipients", "remove", "-e", "staging", colleague.recipient(), "--rotate");

        assertThat(removed.err()).doesNotContain("does not revoke");
        assertThat(Project.load(cli.repo).environment("staging").recipients().age())
                .doesNotContain(colleague.recipient());
        assertThat(cli.run("decrypt", "--identity", colleagueKey.toString(), "config/staging.enc.yaml")
                        .exitCode())
                .isEqualTo(ExitCodes.KEY);
        assertThat(cli.ok("check").out()).contains("All 2 environment(s) OK");
    }

    @Test
    void removal_without_rotation_warns_that_it_does_not_revoke() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        String colleague = AgeKeyPair.generate().recipient();
        cli.ok("recipients", "add", "-e", "staging", colleague);

        CliHarness.Result removed = cli.ok("recipients", "remove", "-e", "staging", colleague);

        assertThat(removed.err()).contains("does not revoke", "jitploy rotate -e staging");
        assertThat(cli.read("config/staging.enc.yaml")).doesNotContain(colleague);
    }

    @Test
    void pgp_public_key_file_is_stored_in_the_project_and_its_secret_key_decrypts() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        PgpTestKeys keys = PgpTestKeys.generate("Ops <ops@example.com>", "pw");
        Path publicKey = temp.resolve("ops.asc");
        Files.writeString(publicKey, keys.publicKey());
        Path secretKey = temp.resolve("ops-secret.asc");
        Files.writeString(secretKey, keys.secretKey());
        String fingerprint = PgpPublicKey.parse(keys.publicKey()).fingerprint();

        cli.ok("recipients", "add", "-e", "staging", publicKey.toString());

        assertThat(cli.path(".jitploy/pgp/" + fingerprint + ".asc")).exists();
        assertThat(Project.load(cli.repo).environment("staging").recipients().pgp())
                .containsExactly(fingerprint);
        assertThat(cli.read("config/staging.enc.yaml")).contains("fp: " + fingerprint);
        cli.variables.put("JITPLOY_PGP_PASSPHRASE", "pw");
        assertThat(cli.ok("decrypt", "--identity", secretKey.toString(), "config/staging.enc.yaml")
                        .out())
                .contains("s3cret-staging");
        cli.variables.put("JITPLOY_PGP_PASSPHRASE", "wrong");
        assertThat(cli.run("decrypt", "--identity", secretKey.toString(), "config/staging.enc.yaml")
                        .exitCode())
                .isEqualTo(ExitCodes.KEY);
        // Rotation re-wraps for the fingerprint from the committed public key.
        cli.ok("rotate", "-e", "staging");
        assertThat(cli.read("config/staging.enc.yaml")).contains("fp: " + fingerprint);
    }

    @Test
    void bad_recipients_and_unknown_ones_are_refused() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        String before = cli.read(".jitploy.yml");

        assertThat(cli.run("recipients", "add", "-e", "staging", "age1broken").exitCode())
                .isEqualTo(ExitCodes.KEY);
        assertThat(cli.run(
                                "recipients",
                                "remove",
                                "-e",
                                "staging",
                                AgeKeyPair.generate().recipient())
                        .exitCode())
                .isEqualTo(ExitCodes.CONFIG);
        assertThat(cli.run("recipients").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.read(".jitploy.yml")).isEqualTo(before);
    }
}
