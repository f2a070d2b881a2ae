package io.jitploy.envfile.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.envfile.KeyFormatException;
import io.jitploy.envfile.NoMatchingKeyException;
import io.jitploy.envfile.WrongKeyException;
import io.jitploy.envfile.keys.AgeKeyPair;
import io.jitploy.envfile.keys.Identities;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.MasterKeyEntry;
import io.jitploy.envfile.keys.Recipient;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PgpKeyFormatTest {
    private static PgpTestKeys keys;

    @BeforeAll
    static void generate() {
        keys = PgpTestKeys.generate("Ops <ops@example.com>", "s3cret");
    }

    @AfterEach
    void reinstall() {
        PgpKeyFormat.install();
    }

    private static byte[] dataKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    @Test
    void recipient_writes_a_sops_pgp_entry_that_the_identity_opens() {
        PgpKeyFormat.install();
        byte[] key = dataKey();
        Recipient recipient = Recipient.parse(keys.publicKey());

        MasterKeyEntry entry = recipient.wrap(key, Instant.parse("2026-05-22T20:16:23.456Z"));

        assertThat(entry.type()).isEqualTo("pgp");
        assertThat(entry.fields().keySet()).containsExactly("created_at", "enc", "fp");
        assertThat(entry.field("created_at")).contains("2026-05-22T20:16:23Z");
        assertThat(entry.recipientId()).isEqualTo(recipient.id()).matches("[0-9A-F]{40}");
        try (KeyRing ring = Identities.parse(keys.secretKey(), description -> "s3cret".toCharArray())) {
            assertThat(ring.publicIds()).containsExactly(recipient.id());
            assertThat(ring.unwrapDataKey(List.of(entry))).isEqualTo(key);
        }
    }

    @Test
    void key_file_with_age_and_pgp_identities_opens_either_kind() {
        PgpKeyFormat.install();
        AgeKeyPair age = AgeKeyPair.generate();
        byte[] key = dataKey();
        MasterKeyEntry pgpEntry = Recipient.parse(keys.publicKey()).wrap(key, Instant.now());
        String keyFile = "# env: staging\n" + age.identity() + "\n" + keys.secretKey();

        try (KeyRing ring = Identities.parse(keyFile, description -> "s3cret".toCharArray())) {
            assertThat(ring.identities()).extracting(i -> i.type()).containsExactly("age", "pgp");
            assertThat(ring.unwrapDataKey(List.of(age.toRecipient().wrap(key, Instant.now()), pgpEntry)))
                    .isEqualTo(key);
        }
    }

    @Test
    void a_bare_fingerprint_needs_a_public_key_from_the_lookup() {
        String fingerprint = PgpPublicKey.parse(keys.publicKey()).fingerprint();

        PgpKeyFormat.install();
        assertThatThrownBy(() -> Recipient.parse(fingerprint))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("gpg --export --armor " + fingerprint);

        PgpKeyFormat.install(fp -> fp.equals(fingerprint) ? Optional.of(keys.publicKey()) : Optional.empty());
        assertThat(Recipient.parse(fingerprint.toLowerCase()).id()).isEqualTo(fingerprint);

        String other = PgpTestKeys.generate("Other <o@example.com>", "").publicKey();
        PgpKeyFormat.install(fp -> Optional.of(other));
        assertThatThrownBy(() -> Recipient.parse(fingerprint))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("Replace the key file");
    }

    @Test
    void wrong_passphrase_is_a_wrong_key_error_not_a_missing_recipient() {
        PgpKeyFormat.install();
        MasterKeyEntry entry = Recipient.parse(keys.publicKey()).wrap(dataKey(), Instant.now());

        try (KeyRing ring = Identities.parse(keys.secretKey(), description -> "nope".toCharArray())) {
            assertThatThrownBy(() -> ring.unwrapDataKey(List.of(entry)))
                    .isInstanceOf(WrongKeyException.class)
                    .hasMessageContaining("Wrong passphrase");
        }
    }

    @Test
    void a_pgp_identity_that_is_not_a_recipient_reports_no_matching_key() {
        PgpKeyFormat.install();
        PgpTestKeys other = PgpTestKeys.generate("Other <o@example.com>", "");
        MasterKeyEntry entry = Recipient.parse(keys.publicKey()).wrap(dataKey(), Instant.now());

        try (KeyRing ring = Identities.parse(other.secretKey(), description -> new char[0])) {
            assertThatThrownBy(() -> ring.unwrapDataKey(List.of(entry))).isInstanceOf(NoMatchingKeyException.class);
        }
    }

    @Test
    void a_damaged_enc_for_the_matching_fingerprint_is_a_wrong_key_error() {
        PgpKeyFormat.install();
        MasterKeyEntry entry = Recipient.parse(keys.publicKey()).wrap(dataKey(), Instant.now());
        MasterKeyEntry damaged = MasterKeyEntry.of(
                "pgp", Map.of("created_at", "2026-01-01T00:00:00Z", "enc", "garbage", "fp", entry.recipientId()));

        try (KeyRing ring = Identities.parse(keys.secretKey(), description -> "s3cret".toCharArray())) {
            assertThatThrownBy(() -> ring.unwrapDataKey(List.of(damaged))).isInstanceOf(WrongKeyException.class);
        }
    }
}
