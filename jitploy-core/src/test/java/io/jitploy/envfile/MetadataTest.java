package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.ALICE;
import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetadataTest {
    private static String yaml(EncryptedEnvFile file) {
        return new String(file.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void singleKeyGroupIsReadLikeAFlatList() {
        String text = yaml(
                EncryptedEnvFile.encrypt("a: 1\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice()));
        StringBuilder grouped = new StringBuilder();
        boolean inAge = false;
        for (String line : text.split("\n", -1)) {
            if (line.equals("    age:")) {
                inAge = true;
                grouped.append("    key_groups:\n        - age:\n");
                continue;
            }
            if (inAge && line.startsWith("    lastmodified")) {
                inAge = false;
            }
            grouped.append(inAge ? "    " + line : line).append('\n');
        }
        assertThat(grouped.toString()).contains("key_groups:");
        EncryptedEnvFile file =
                EncryptedEnvFile.parse(grouped.toString().getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML);
        assertThat(file.metadata().recipientIds()).containsExactly(ALICE.recipient());
        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            assertThat(decrypted.toEnvironment()).containsEntry("a", "1");
        }
    }

    @Test
    void dotenvKeepsMacOnlyEncryptedAndTheRule() {
        EncryptionSettings settings = EncryptionSettings.builder()
                .recipient(ALICE.toRecipient())
                .macOnlyEncrypted(true)
                .selectionRule(SelectionRule.of(SelectionRule.Kind.ENCRYPTED_REGEX, "^SECRET"))
                .build();
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                "SECRET_A=x\nPLAIN=y\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.DOTENV, settings);
        String text = yaml(file);
        assertThat(text)
                .contains("PLAIN=y\n")
                .contains("sops_mac_only_encrypted=true\n")
                .contains("sops_encrypted_regex=^SECRET\n");
        EncryptedEnvFile parsed = EncryptedEnvFile.parse(file.toBytes(), EnvFileFormat.DOTENV);
        assertThat(parsed.metadata().macOnlyEncrypted()).isTrue();
        assertThat(parsed.metadata().selectionRule().kind()).isEqualTo(SelectionRule.Kind.ENCRYPTED_REGEX);
        try (DecryptedEnvFile decrypted = parsed.decrypt(alice())) {
            assertThat(decrypted.toEnvironment()).containsEntry("SECRET_A", "x").containsEntry("PLAIN", "y");
        }
    }

    @Test
    void twoSelectionRulesInAFileAreRefused() {
        String text = yaml(
                EncryptedEnvFile.encrypt("a: 1\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice()));
        String two = text.replace(
                "    unencrypted_suffix: _unencrypted\n",
                "    encrypted_regex: ^a$\n    unencrypted_suffix: _unencrypted\n");
        assertThatThrownBy(() -> EncryptedEnvFile.parse(two.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("only one selection rule");
    }
}
