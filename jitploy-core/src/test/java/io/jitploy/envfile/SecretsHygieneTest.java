package io.jitploy.envfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.KeyRing;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets never reach {@code toString()}: values, the unkeyed plaintext MAC, identities. */
class SecretsHygieneTest {
    private static final String SECRET = "s3cr3t-Value-9d1f";

    @Test
    void treeWalkResultDoesNotPrintThePlaintextMac() {
        // The MAC is SHA-512 over the plaintext values without a key: printed, it allows guessing weak values.
        TreeCipher cipher = new TreeCipher(SelectionRule.defaultRule(), false, new byte[32], TreeCipher.newStash());
        Mapping document = new Mapping();
        document.put("password", SECRET);
        TreeCipher.Result result = cipher.encrypt(List.of(document));

        assertThat(result.mac()).hasSize(128);
        assertThat(result.toString()).doesNotContain(result.mac()).doesNotContain(SECRET);
    }

    @Test
    void filesKeyRingsAndKeyPairsDoNotPrintSecrets() {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                ("password: " + SECRET + "\n").getBytes(StandardCharsets.UTF_8),
                EnvFileFormat.YAML,
                EnvFileTestKeys.forAlice());
        try (KeyRing keys = EnvFileTestKeys.alice();
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            String identity = EnvFileTestKeys.ALICE.identity();
            assertThat(decrypted.value("password")).contains(SECRET);
            assertThat(List.of(
                            decrypted.toString(),
                            file.toString(),
                            file.metadata().toString(),
                            keys.toString(),
                            keys.identities().get(0).toString(),
                            EnvFileTestKeys.ALICE.toString(),
                            decrypted.keyFingerprints().toString()))
                    .allSatisfy(text -> assertThat(text)
                            .doesNotContain(SECRET)
                            .doesNotContainIgnoringCase(identity.substring("AGE-SECRET-KEY-1".length())));
        }
    }
}
