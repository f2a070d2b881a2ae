package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptedEnvFileTest {
    static final String YAML =
            """
            # database settings
            db:
                password: s3cret
                port: 5432
                ratio: 1234568000.0
                enabled: true
                answer: yes
                host_unencrypted: db.internal
            hosts:
                - a.example.com
                - b.example.com
            empty: ""
            nothing: null
            multi: |
                line one
                line two
            """;

    @Test
    void yamlEncryptsValuesKeepsKeysAndDecryptsBack() {
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(YAML.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());
        String text = new String(file.toBytes(), StandardCharsets.UTF_8);

        assertThat(text)
                .contains("password: ENC[AES256_GCM,data:")
                .contains("type:int]")
                .contains("type:float]");
        assertThat(text)
                .contains("type:bool]")
                .contains("host_unencrypted: db.internal")
                .doesNotContain("s3cret");
        assertThat(text).contains("#ENC[AES256_GCM").contains("    lastmodified: \"2026-05-22T20:16:23Z\"");

        EncryptedEnvFile reparsed = EncryptedEnvFile.parse(file.toBytes(), EnvFileFormat.YAML);
        try (DecryptedEnvFile decrypted = reparsed.decrypt(alice())) {
            Map<String, String> env = decrypted.toEnvironment();
            assertThat(env)
                    .containsEntry("db_password", "s3cret")
                    .containsEntry("db_port", "5432")
                    .containsEntry("db_ratio", "1234568000")
                    .containsEntry("db_enabled", "true")
                    .containsEntry("db_answer", "yes")
                    .containsEntry("hosts_1", "b.example.com")
                    .containsEntry("empty", "")
                    .containsEntry("multi", "line one\nline two\n");
            assertThat(decrypted.toString()).doesNotContain("s3cret");
        }
    }

    @Test
    void multiDocumentYamlRepeatsMetadataAndMergesEnvironment() {
        String yaml = "a: 1\n---\nb: two\n";
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(yaml.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());
        String text = new String(file.toBytes(), StandardCharsets.UTF_8);
        assertThat(text.split("\n---\n")).hasSize(2).allSatisfy(doc -> assertThat(doc)
                .contains("sops:"));
        try (DecryptedEnvFile decrypted =
                EncryptedEnvFile.parse(file.toBytes(), EnvFileFormat.YAML).decrypt(alice())) {
            assertThat(decrypted.toEnvironment()).containsExactly(Map.entry("a", "1"), Map.entry("b", "two"));
            assertThat(new String(decrypted.plaintext(), StandardCharsets.UTF_8))
                    .isEqualTo(yaml);
        }
    }

    @Test
    void jsonKeepsOrderAndNumberTypes() {
        String json = "{\"z\": 1, \"a\": 1.5, \"big\": 123456789012345678901234567890, \"t\": true, \"n\": null}";
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(json.getBytes(StandardCharsets.UTF_8), EnvFileFormat.JSON, forAlice());
        String text = new String(file.toBytes(), StandardCharsets.UTF_8);
        assertThat(text).startsWith("{\n\t\"z\": \"ENC[").contains("type:int]").contains("type:float]");
        assertThat(text).contains("\t\"n\": null").contains("\t\"sops\": {");
        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("z", "1")
                    .containsEntry("a", "1.5")
                    .containsEntry("big", "123456789012345680000000000000")
                    .containsEntry("t", "true")
                    .containsEntry("n", "");
        }
    }
}
