package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.ALICE;
import static io.jitploy.envfile.EnvFileTestKeys.BOB;
import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static io.jitploy.envfile.EnvFileTestKeys.bob;
import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Adding/removing recipients re-wraps the same data key; rotation changes it; fingerprints follow the key. */
class KeyManagementTest {
    private static final byte[] PLAIN = "A: one\nB: two\nC: one\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void addingARecipientKeepsValuesAndExistingEntries() {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(PLAIN, EnvFileFormat.YAML, forAlice());
        RecipientUpdate update = file.updateRecipients(alice(), List.of(ALICE.toRecipient(), BOB.toRecipient()));

        assertThat(update.added()).containsExactly(BOB.recipient());
        assertThat(update.warning()).isEmpty();
        EncryptedEnvFile both = update.file();
        assertThat(both.metadata().keys().get(0))
                .isEqualTo(file.metadata().keys().get(0));
        assertThat(both.metadata().mac()).isEqualTo(file.metadata().mac());
        try (DecryptedEnvFile byBob =
                EncryptedEnvFile.parse(both.toBytes(), EnvFileFormat.YAML).decrypt(bob())) {
            assertThat(byBob.toEnvironment()).containsEntry("B", "two");
        }
    }

    @Test
    void removingARecipientWarnsThatOnlyRotationRevokes() {
        EncryptedEnvFile both = EncryptedEnvFile.encrypt(
                PLAIN,
                EnvFileFormat.YAML,
                EncryptionSettings.builder()
                        .recipient(ALICE.toRecipient())
                        .recipient(BOB.toRecipient())
                        .build());
        RecipientUpdate update = both.updateRecipients(alice(), List.of(ALICE.toRecipient()));

        assertThat(update.removed()).containsExactly(BOB.recipient());
        assertThat(update.warning())
                .hasValueSatisfying(w -> assertThat(w).contains("rotate").contains(BOB.recipient()));
        assertThatThrownBy(() -> update.file().decrypt(bob())).isInstanceOf(NoMatchingKeyException.class);
    }

    @Test
    void rotationChangesEveryCiphertextAndTheFingerprints() {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(PLAIN, EnvFileFormat.YAML, forAlice());
        SortedMap<String, String> before;
        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            before = decrypted.keyFingerprints();
        }
        EncryptedEnvFile rotated = file.rotate(alice(), List.of(ALICE.toRecipient(), BOB.toRecipient()));

        String oldText = new String(file.toBytes(), StandardCharsets.UTF_8);
        for (String line : new String(rotated.toBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.contains("ENC[")) {
                assertThat(oldText).doesNotContain(line);
            }
        }
        try (DecryptedEnvFile decrypted = rotated.decrypt(bob())) {
            assertThat(decrypted.toEnvironment()).containsEntry("A", "one");
            assertThat(decrypted.keyFingerprints())
                    .containsOnlyKeys("A", "B", "C")
                    .doesNotContainValue(before.get("A"));
        }
    }

    @Test
    void fingerprintsAreStableShortAndDoNotLinkEqualValues() {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(PLAIN, EnvFileFormat.YAML, forAlice());
        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            SortedMap<String, String> fingerprints = decrypted.keyFingerprints();
            assertThat(fingerprints.get("A")).matches("[0-9a-f]{12}");
            assertThat(fingerprints.get("A")).isNotEqualTo(fingerprints.get("C"));
            EncryptedEnvFile changed = decrypted.set("B", "other");
            try (DecryptedEnvFile after = changed.decrypt(alice())) {
                SortedMap<String, String> next = after.keyFingerprints();
                assertThat(next.get("A")).isEqualTo(fingerprints.get("A"));
                assertThat(next.get("B")).isNotEqualTo(fingerprints.get("B"));
            }
        }
    }

    @Test
    void rotateWithCurrentRecipientsReadsThemFromMetadata() {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                "A=one\nB=two\nC=one\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.DOTENV, forAlice());
        EncryptedEnvFile rotated = file.rotate(alice());
        assertThat(rotated.metadata().recipientIds()).containsExactly(ALICE.recipient());
        assertThat(rotated.metadata().keys().get(0).enc())
                .isNotEqualTo(file.metadata().keys().get(0).enc());
        try (DecryptedEnvFile decrypted = rotated.decrypt(alice())) {
            assertThat(decrypted.toEnvironment()).containsEntry("C", "one");
        }
    }
}
