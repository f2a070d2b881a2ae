package io.jitploy.envfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.envfile.keys.AgeKeyPair;
import org.junit.jupiter.api.Test;

class CreationRulesTest {
    private static final AgeKeyPair A = AgeKeyPair.generate();
    private static final AgeKeyPair B = AgeKeyPair.generate();

    @Test
    void firstMatchingRuleWins() {
        String text =
                """
                creation_rules:
                  # production first
                  - path_regex: config/production\\..*
                    encrypted_regex: ^(password|token)$
                    age: %s,%s
                  - path_regex: \\.enc\\.yaml$
                    age:
                      - %s
                    mac_only_encrypted: true
                  - key_groups:
                      - age: [%s]
                """
                        .formatted(A.recipient(), B.recipient(), A.recipient(), B.recipient());
        CreationRules rules = CreationRules.parse(text);

        CreationRules.Rule production =
                rules.ruleFor("config/production.enc.yaml").orElseThrow();
        assertThat(production.age()).containsExactly(A.recipient(), B.recipient());
        assertThat(production.selectionRule())
                .isEqualTo(SelectionRule.of(SelectionRule.Kind.ENCRYPTED_REGEX, "^(password|token)$"));

        CreationRules.Rule staging = rules.ruleFor("config/staging.enc.yaml").orElseThrow();
        assertThat(staging.age()).containsExactly(A.recipient());
        assertThat(staging.toSettings().macOnlyEncrypted()).isTrue();

        assertThat(rules.ruleFor("anything.txt").orElseThrow().age()).containsExactly(B.recipient());
    }

    @Test
    void encryptedRegexFromARuleSelectsValues() {
        CreationRules rules = CreationRules.parse(
                "creation_rules:\n  - encrypted_regex: ^password$\n    age: " + A.recipient() + "\n");
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                "db:\n    password: x\n    host: h\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                EnvFileFormat.YAML,
                rules.ruleFor("a.yaml").orElseThrow().toSettings());
        String text = new String(file.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).contains("password: ENC[").contains("host: h").contains("encrypted_regex: ^password$");
        try (DecryptedEnvFile decrypted = EncryptedEnvFile.parse(file.toBytes(), EnvFileFormat.YAML)
                .decrypt(io.jitploy.envfile.keys.KeyRing.of(A.toIdentity()))) {
            assertThat(decrypted.toEnvironment()).containsEntry("db_password", "x");
        }
    }

    @Test
    void severalKeyGroupsAndTwoSelectionRulesAreRefused() {
        assertThatThrownBy(() ->
                        CreationRules.parse("creation_rules:\n  - key_groups:\n      - age: [a]\n      - age: [b]\n"))
                .isInstanceOf(UnsupportedEnvFileException.class)
                .hasMessageContaining("Shamir");
        assertThatThrownBy(() ->
                        CreationRules.parse("creation_rules:\n  - encrypted_regex: a\n    unencrypted_suffix: _x\n"))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("only one selection rule");
    }
}
