package io.jitploy.envfile.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real GnuPG, in a throw-away GNUPGHOME: what sops users have in their keyrings must work with
 * Jitploy, and the other way round.
 */
class PgpGnupgInteropTest {
    private static final String PASSPHRASE = "interop passphrase";

    @TempDir
    Path home;

    private GnupgHome gnupg;

    @BeforeEach
    void gnupgHomeWithAKey() throws Exception {
        assumeTrue(GnupgHome.installed(), "gpg is not installed (apt-get install gnupg)");
        gnupg = GnupgHome.create(home, PASSPHRASE);
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (gnupg != null) {
            gnupg.close();
        }
    }

    @Test
    void gpg_decrypts_a_data_key_that_jitploy_encrypted() throws Exception {
        byte[] dataKey = randomKey();
        PgpPublicKey recipient = PgpPublicKey.parse(gnupg.exportPublicKey());
        assertThat(recipient.fingerprint()).isEqualTo(gnupg.fingerprint());

        String message = recipient.encrypt(dataKey);

        assertThat(gnupg.decrypt(message)).isEqualTo(dataKey);
    }

    @Test
    void jitploy_decrypts_a_data_key_that_gpg_encrypted_with_the_exported_secret_key() throws Exception {
        byte[] dataKey = randomKey();
        String message = gnupg.encrypt(dataKey);

        PgpSecretKey identity = PgpSecretKey.parse(
                gnupg.exportSecretKey().getBytes(StandardCharsets.US_ASCII), PASSPHRASE::toCharArray);

        assertThat(identity.fingerprint()).isEqualTo(gnupg.fingerprint());
        assertThat(identity.decrypt(message)).isEqualTo(dataKey);
    }

    @Test
    void gpg_decrypts_for_a_key_made_by_bouncycastle() throws Exception {
        PgpTestKeys keys = PgpTestKeys.generate("Generated <generated@example.com>", PASSPHRASE);
        byte[] dataKey = randomKey();
        String message = PgpPublicKey.parse(keys.publicKey()).encrypt(dataKey);
        gnupg.gpg(keys.secretKey().getBytes(StandardCharsets.US_ASCII), "--passphrase", PASSPHRASE, "--import");

        assertThat(gnupg.decrypt(message)).isEqualTo(dataKey);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
