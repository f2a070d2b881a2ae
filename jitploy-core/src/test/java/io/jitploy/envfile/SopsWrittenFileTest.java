package io.jitploy.envfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.Identities;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.PassphraseSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Files written by the real sops (3.8.1 and 3.9.2) open with Jitploy: fixtures and their public test key from
 * humphd/sops-age, see {@code src/test/resources/io/jitploy/envfile/sops-age/NOTICE.md}.
 */
class SopsWrittenFileTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SopsWrittenFileTest.class.getResourceAsStream("sops-age/" + name)) {
            return in.readAllBytes();
        }
    }

    private static KeyRing key() throws IOException {
        return Identities.parse(new String(resource("key.txt"), StandardCharsets.US_ASCII), PassphraseSource.none());
    }

    @Test
    void yamlWrittenBySops() throws Exception {
        EncryptedEnvFile file = EncryptedEnvFile.parse(resource("secret.enc.yaml"), EnvFileFormat.YAML);
        assertThat(file.metadata().version()).isEqualTo("3.8.1");
        assertThat(file.metadata().recipientIds()).hasSize(3);
        try (KeyRing keys = key();
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsExactly(
                            Map.entry("secret", "this is a secret"),
                            Map.entry("string", "string"),
                            Map.entry("int", "7"),
                            Map.entry("float", "3.14"),
                            Map.entry("boolean", "true"),
                            Map.entry("complex_value", "this is a secret"),
                            Map.entry("complex_array_0", "one"),
                            Map.entry("complex_array_1", "two"),
                            Map.entry("complex_array_2", "three"));
            // Changing one value of a sops file keeps the other ciphertexts and the three recipients.
            EncryptedEnvFile changed = decrypted.set("string", "changed");
            String text = new String(changed.toBytes(), StandardCharsets.UTF_8);
            assertThat(text)
                    .contains("ENC[AES256_GCM,data:ME9a8+qqBCwXn0eqF010rw==,")
                    .contains("age13runq29jhy9kfpaegczrzttykerswh0qprq59msgd754yermtfmsa3hwg2");
            try (KeyRing again = key();
                    DecryptedEnvFile reread = EncryptedEnvFile.parse(changed.toBytes(), EnvFileFormat.YAML)
                            .decrypt(again)) {
                assertThat(reread.toEnvironment())
                        .containsEntry("string", "changed")
                        .containsEntry("int", "7");
            }
        }
    }

    @Test
    void jsonWrittenBySopsWithNullKeyLists() throws Exception {
        EncryptedEnvFile file = EncryptedEnvFile.parse(resource("secret.enc.json"), EnvFileFormat.JSON);
        try (KeyRing keys = key();
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("secret", "this is a secret")
                    .containsEntry("int", "7")
                    .containsEntry("float", "3.14")
                    .containsEntry("boolean", "true")
                    .containsEntry("0word", "gotta match go")
                    .containsEntry("complex_array_2", "three");
        }
    }

    @Test
    void dotenvWrittenBySops() throws Exception {
        EncryptedEnvFile file = EncryptedEnvFile.parse(resource("secret.enc.env"), EnvFileFormat.DOTENV);
        try (KeyRing keys = key();
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsExactly(Map.entry("secret", "this is a secret"), Map.entry("another_secret", "7"));
        }
    }
}
