package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.ALICE;
import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each sops selection rule, mac_only_encrypted, and YAML comment handling. */
class SelectionRulesTest {
    private static final String YAML =
            """
            plain_unencrypted: a
            secret_enc: b
            nested_unencrypted:
                child: c
            other: d
            # sops:enc
            marked: e
            after: f
            """;

    private static String encrypt(SelectionRule rule, boolean macOnlyEncrypted) {
        EncryptionSettings settings = EncryptionSettings.builder()
                .recipient(ALICE.toRecipient())
                .selectionRule(rule)
                .macOnlyEncrypted(macOnlyEncrypted)
                .build();
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(YAML.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, settings);
        try (DecryptedEnvFile decrypted =
                EncryptedEnvFile.parse(file.toBytes(), EnvFileFormat.YAML).decrypt(alice())) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("nested_unencrypted_child", "c")
                    .containsEntry("after", "f");
        }
        return new String(file.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void defaultUnencryptedSuffixIsInheritedByChildren() {
        String text = encrypt(SelectionRule.defaultRule(), false);
        assertThat(text)
                .contains("plain_unencrypted: a")
                .contains("    child: c")
                .contains("secret_enc: ENC[")
                .contains("other: ENC[");
    }

    @Test
    void encryptedSuffixAndRegexes() {
        assertThat(encrypt(SelectionRule.of(SelectionRule.Kind.ENCRYPTED_SUFFIX, "_enc"), false))
                .contains("secret_enc: ENC[")
                .contains("other: d")
                .contains("encrypted_suffix: _enc");
        assertThat(encrypt(SelectionRule.of(SelectionRule.Kind.ENCRYPTED_REGEX, "^(other|marked)$"), false))
                .contains("other: ENC[")
                .contains("secret_enc: b");
        assertThat(encrypt(SelectionRule.of(SelectionRule.Kind.UNENCRYPTED_REGEX, "^oth"), false))
                .contains("other: d")
                .contains("secret_enc: ENC[");
    }

    @Test
    void commentRegexes() {
        String encryptedByComment =
                encrypt(SelectionRule.of(SelectionRule.Kind.ENCRYPTED_COMMENT_REGEX, "sops:enc"), false);
        assertThat(encryptedByComment)
                .contains("# sops:enc")
                .contains("marked: ENC[")
                .contains("after: f")
                .contains("other: d");
        String clearByComment =
                encrypt(SelectionRule.of(SelectionRule.Kind.UNENCRYPTED_COMMENT_REGEX, "sops:enc"), false);
        assertThat(clearByComment).contains("marked: e").contains("after: ENC[");
    }

    @Test
    void macOnlyEncryptedIsRecordedAndVerified() {
        String text = encrypt(SelectionRule.defaultRule(), true);
        assertThat(text).contains("mac_only_encrypted: true");
        // With mac_only_encrypted, clear values are outside the MAC: changing one is not detected (as in sops).
        String edited = text.replace("plain_unencrypted: a", "plain_unencrypted: z");
        try (DecryptedEnvFile decrypted = EncryptedEnvFile.parse(
                        edited.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML)
                .decrypt(alice())) {
            assertThat(decrypted.toEnvironment()).containsEntry("plain_unencrypted", "z");
        }
    }

    @Test
    void inlineCommentsMoveAboveTheirValue() {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                "a: 1 # why a\nb: 2\n".getBytes(StandardCharsets.UTF_8),
                EnvFileFormat.YAML,
                EnvFileTestKeys.forAlice());
        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            assertThat(new String(decrypted.plaintext(), StandardCharsets.UTF_8))
                    .isEqualTo("# why a\na: 1\nb: 2\n");
        }
    }
}
