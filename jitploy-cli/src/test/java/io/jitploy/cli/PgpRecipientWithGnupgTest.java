package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jitploy.envfile.pgp.GnupgHome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GnuPG user's key as an environment recipient, end to end: the public key exported by gpg goes into the
 * project, the data key in the file opens with {@code gpg --decrypt} (which is what sops does), and the exported
 * secret key opens the file with {@code --identity}, without any keyring.
 */
class PgpRecipientWithGnupgTest {
    @TempDir
    Path temp;

    private GnupgHome gnupg;

    @BeforeEach
    void gnupg() throws Exception {
        assumeTrue(GnupgHome.installed(), "gpg is not installed (apt-get install gnupg)");
        gnupg = GnupgHome.create(Files.createDirectories(temp.resolve("g")), "team passphrase");
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gnupg != null) {
            gnupg.close();
        }
    }

    @Test
    void gpg_key_added_as_recipient_opens_the_file_both_ways() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Path publicKey = temp.resolve("team.asc");
        Files.writeString(publicKey, gnupg.exportPublicKey());

        cli.ok("recipients", "add", "-e", "production", publicKey.toString());

        String file = cli.read("config/production.enc.yaml");
        assertThat(file).contains("fp: " + gnupg.fingerprint(), "created_at:");
        String message = file.substring(
                        file.indexOf("-----BEGIN PGP MESSAGE-----"),
                        file.indexOf("-----END PGP MESSAGE-----") + "-----END PGP MESSAGE-----".length())
                .lines()
                .map(String::strip)
                .reduce((a, b) -> a + "\n" + b)
                .orElseThrow();
        assertThat(gnupg.decrypt(message)).hasSize(32);

        Path secretKey = temp.resolve("team-secret.asc");
        Files.writeString(secretKey, gnupg.exportSecretKey());
        cli.variables.put("JITPLOY_PGP_PASSPHRASE", gnupg.passphrase());
        assertThat(cli.ok("decrypt", "--identity", secretKey.toString(), "config/production.enc.yaml")
                        .out())
                .contains("s3cret-production");
        assertThat(cli.ok("check", "-e", "production").out()).contains("ok      production");
    }
}
