package io.jitploy.envfile.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgpRoundTripTest {
    private static PgpTestKeys alice;
    private static PgpTestKeys bob;

    @BeforeAll
    static void keys() {
        alice = PgpTestKeys.generate("Alice <alice@example.com>", "correct horse");
        bob = PgpTestKeys.generate("Bob <bob@example.com>", "");
    }

    private static byte[] dataKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void data_key_round_trips_through_an_armored_message() {
        byte[] key = dataKey();
        PgpPublicKey recipient = PgpPublicKey.parse(alice.publicKey());

        String message = recipient.encrypt(key);

        assertThat(message).startsWith("-----BEGIN PGP MESSAGE-----").doesNotContain("Version:");
        PgpSecretKey identity = PgpSecretKey.parse(
                alice.secretKey().getBytes(StandardCharsets.US_ASCII), () -> "correct horse".toCharArray());
        assertThat(identity.isRecipientOf(message)).isTrue();
        assertThat(identity.decrypt(message)).isEqualTo(key);
    }

    @Test
    void fingerprint_is_the_primary_key_in_upper_case_hex_for_both_halves() {
        PgpPublicKey recipient = PgpPublicKey.parse(alice.publicKey());
        PgpSecretKey identity = PgpSecretKey.parse(alice.secretKey().getBytes(StandardCharsets.US_ASCII), null);

        assertThat(recipient.fingerprint()).matches("[0-9A-F]{40}").isEqualTo(identity.fingerprint());
        assertThat(recipient.encryptionKeyFingerprint()).isNotEqualTo(recipient.fingerprint());
        assertThat(identity.allFingerprints())
                .containsExactly(recipient.fingerprint(), recipient.encryptionKeyFingerprint());
        assertThat(recipient.userId()).isEqualTo("Alice <alice@example.com>");
        assertThat(PgpPublicKey.parse(recipient.armored()).fingerprint()).isEqualTo(recipient.fingerprint());
    }

    @Test
    void fingerprints_are_normalized_from_the_forms_people_paste() {
        String fp = PgpPublicKey.parse(alice.publicKey()).fingerprint();
        String spaced = fp.toLowerCase().replaceAll("(.{4})", "$1 ");

        assertThat(PgpPublicKey.normalizeFingerprint("0x" + spaced)).contains(fp);
        assertThat(PgpPublicKey.normalizeFingerprint("age1qqq")).isEmpty();
        assertThat(PgpPublicKey.normalizeFingerprint(fp.substring(1))).isEmpty();
    }

    @Test
    void unprotected_key_never_asks_for_a_passphrase() {
        byte[] key = dataKey();
        String message = PgpPublicKey.parse(bob.publicKey()).encrypt(key);
        AtomicInteger asked = new AtomicInteger();

        PgpSecretKey identity = PgpSecretKey.parse(bob.secretKey().getBytes(StandardCharsets.US_ASCII), () -> {
            asked.incrementAndGet();
            return new char[0];
        });

        assertThat(identity.decrypt(message)).isEqualTo(key);
        assertThat(asked).hasValue(0);
    }

    @Test
    void passphrase_is_asked_once_for_several_messages() {
        PgpPublicKey recipient = PgpPublicKey.parse(alice.publicKey());
        AtomicInteger asked = new AtomicInteger();
        PgpSecretKey identity = PgpSecretKey.parse(alice.secretKey().getBytes(StandardCharsets.US_ASCII), () -> {
            asked.incrementAndGet();
            return "correct horse".toCharArray();
        });

        for (int i = 0; i < 3; i++) {
            byte[] key = dataKey();
            assertThat(identity.decrypt(recipient.encrypt(key))).isEqualTo(key);
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void wrong_or_missing_passphrase_is_reported_as_such() {
        String message = PgpPublicKey.parse(alice.publicKey()).encrypt(dataKey());
        byte[] secret = alice.secretKey().getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() ->
                        PgpSecretKey.parse(secret, () -> "wrong".toCharArray()).decrypt(message))
                .isInstanceOfSatisfying(
                        PgpException.class, e -> assertThat(e.reason()).isEqualTo(PgpException.Reason.WRONG_PASSPHRASE))
                .hasMessageContaining("JITPLOY_PGP_PASSPHRASE");
        assertThatThrownBy(() -> PgpSecretKey.parse(secret, () -> null).decrypt(message))
                .isInstanceOfSatisfying(PgpException.class, e -> assertThat(e.reason())
                        .isEqualTo(PgpException.Reason.WRONG_PASSPHRASE));
    }

    @Test
    void another_key_is_not_a_recipient() {
        String message = PgpPublicKey.parse(alice.publicKey()).encrypt(dataKey());
        PgpSecretKey other = PgpSecretKey.parse(bob.secretKey().getBytes(StandardCharsets.US_ASCII), null);

        assertThat(other.isRecipientOf(message)).isFalse();
        assertThatThrownBy(() -> other.decrypt(message))
                .isInstanceOfSatisfying(
                        PgpException.class, e -> assertThat(e.reason()).isEqualTo(PgpException.Reason.NOT_A_RECIPIENT))
                .hasMessageContaining(other.fingerprint());
    }

    @Test
    void a_modified_message_is_rejected_as_tampered() {
        byte[] key = dataKey();
        String message = PgpPublicKey.parse(bob.publicKey()).encrypt(key);
        PgpSecretKey identity = PgpSecretKey.parse(bob.secretKey().getBytes(StandardCharsets.US_ASCII), null);
        String[] lines = message.split("\n");
        // Flip one character in the last full line of base64 (the encrypted data and its MDC).
        int target = lines.length - 3;
        char[] chars = lines[target].toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        lines[target] = new String(chars);
        String tampered = String.join("\n", lines);

        assertThatThrownBy(() -> identity.decrypt(tampered))
                .isInstanceOfSatisfying(PgpException.class, e -> assertThat(e.reason())
                        .isIn(PgpException.Reason.TAMPERED_MESSAGE, PgpException.Reason.NOT_A_RECIPIENT));
        assertThatThrownBy(() -> identity.decrypt("not a message"))
                .isInstanceOfSatisfying(PgpException.class, e -> assertThat(e.reason())
                        .isEqualTo(PgpException.Reason.TAMPERED_MESSAGE));
    }

    @Test
    void keys_of_the_wrong_kind_are_refused_with_a_hint() {
        assertThatThrownBy(() -> PgpPublicKey.parse("hello"))
                .isInstanceOf(PgpException.class)
                .hasMessageContaining("gpg --export --armor");
        assertThatThrownBy(() -> PgpSecretKey.parse(alice.publicKey().getBytes(StandardCharsets.US_ASCII), null))
                .isInstanceOf(PgpException.class)
                .hasMessageContaining("gpg --export-secret-keys --armor");
        assertThat(PgpPublicKey.looksLikePublicKey(alice.publicKey())).isTrue();
        assertThat(PgpSecretKey.looksLikeSecretKey(alice.secretKey())).isTrue();
    }

    @Test
    void nothing_secret_in_to_string() {
        PgpSecretKey identity = PgpSecretKey.parse(alice.secretKey().getBytes(StandardCharsets.US_ASCII), null);
        assertThat(identity.toString()).isEqualTo("PgpSecretKey[" + identity.fingerprint() + "]");
    }
}
