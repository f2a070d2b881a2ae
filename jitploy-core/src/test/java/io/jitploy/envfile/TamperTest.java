package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static io.jitploy.envfile.EnvFileTestKeys.bob;
import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every kind of tampering makes decryption fail with its specific error, and never echoes a value. */
class TamperTest {
    private static final Pattern ENC_VALUE = Pattern.compile("ENC\\[AES256_GCM,data:([^,]*),iv:[^\\]]*]");
    private static final String PLAIN =
            """
            db:
                password: hunter2-secret
                user: admin-secret
            hosts:
                - first-secret
                - second-secret
            port: 5432
            """;

    private final String encrypted = new String(
            EncryptedEnvFile.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice())
                    .toBytes(),
            StandardCharsets.UTF_8);

    private static Throwable decryptFailure(String text) {
        Throwable[] thrown = new Throwable[1];
        try {
            EncryptedEnvFile.parse(text.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML)
                    .decrypt(alice())
                    .close();
        } catch (RuntimeException e) {
            thrown[0] = e;
        }
        assertThat(thrown[0]).as("decryption must fail").isNotNull();
        assertThat(thrown[0].getMessage()).doesNotContain("secret").doesNotContain("hunter2");
        return thrown[0];
    }

    @Test
    void untouchedFileDecrypts() {
        try (DecryptedEnvFile file = EncryptedEnvFile.parse(
                        encrypted.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML)
                .decrypt(alice())) {
            assertThat(file.toEnvironment()).containsEntry("db_password", "hunter2-secret");
        }
    }

    @Test
    void flippingAByteOfAnyEncryptedValueIsDetected() {
        Matcher m = ENC_VALUE.matcher(encrypted);
        int count = 0;
        while (m.find()) {
            byte[] data = Base64.getDecoder().decode(m.group(1));
            data[0] ^= 0x01;
            String tampered = encrypted.substring(0, m.start(1))
                    + Base64.getEncoder().encodeToString(data)
                    + encrypted.substring(m.end(1));
            Throwable failure = decryptFailure(tampered);
            boolean isMac = encrypted.substring(0, m.start()).endsWith("mac: ");
            assertThat(failure).isInstanceOf(isMac ? MacMismatchException.class : TamperedFileException.class);
            if (!isMac) {
                assertThat(failure)
                        .isNotInstanceOf(MacMismatchException.class)
                        .hasMessageContaining("does not authenticate");
            }
            count++;
        }
        assertThat(count).as("five values and the MAC").isEqualTo(6);
    }

    @Test
    void swappingTwoValuesOfDifferentKeysIsDetected() {
        List<String> values = encValues();
        String swapped = swap(encrypted, values.get(0), values.get(1));
        assertThat(decryptFailure(swapped))
                .isInstanceOf(TamperedFileException.class)
                .hasMessageContaining("db.password");
    }

    @Test
    void swappingTwoListElementsBreaksTheMac() {
        // List elements share their associated data (sops does not bind the index), so only the MAC catches this.
        List<String> values = encValues();
        String swapped = swap(encrypted, values.get(2), values.get(3));
        assertThat(decryptFailure(swapped))
                .isInstanceOf(MacMismatchException.class)
                .hasMessageContaining("reordered");
    }

    @Test
    void removingAKeyBreaksTheMac() {
        String removed = encrypted.replaceFirst("(?m)^    user: ENC\\[[^\\n]*\\n", "");
        assertThat(removed).isNotEqualTo(encrypted);
        assertThat(decryptFailure(removed)).isInstanceOf(MacMismatchException.class);
    }

    @Test
    void replacingAnEncryptedValueByPlaintextIsDetected() {
        String clear = encrypted.replaceFirst("(?m)^(    user: )ENC\\[[^\\n]*$", "$1admin-secret");
        assertThat(decryptFailure(clear))
                .isInstanceOf(TamperedFileException.class)
                .hasMessageContaining("db.user")
                .hasMessageContaining("clear text");
    }

    @Test
    void editingTheMacOrLastModifiedIsDetected() {
        Matcher mac = Pattern.compile("mac: ENC\\[AES256_GCM,data:(.)").matcher(encrypted);
        assertThat(mac.find()).isTrue();
        char c = mac.group(1).charAt(0);
        String editedMac =
                encrypted.substring(0, mac.start(1)) + (c == 'A' ? 'B' : 'A') + encrypted.substring(mac.end(1));
        assertThat(decryptFailure(editedMac)).isInstanceOf(MacMismatchException.class);

        String editedTime = encrypted.replace("2026-05-22T20:16:23Z", "2026-05-22T20:16:24Z");
        assertThat(decryptFailure(editedTime))
                .isInstanceOf(MacMismatchException.class)
                .hasMessageContaining("lastmodified");
    }

    @Test
    void metadataFromAnotherFileIsAWrongKey() {
        String other = new String(
                EncryptedEnvFile.encrypt(PLAIN.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice())
                        .toBytes(),
                StandardCharsets.UTF_8);
        String mixed = encrypted.substring(0, encrypted.indexOf("sops:")) + other.substring(other.indexOf("sops:"));
        assertThat(decryptFailure(mixed)).isInstanceOf(WrongKeyException.class);
    }

    @Test
    void aKeyThatIsNotARecipientListsRecipients() {
        EncryptedEnvFile file = EncryptedEnvFile.parse(encrypted.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML);
        assertThatThrownBy(() -> file.decrypt(bob()))
                .isInstanceOf(NoMatchingKeyException.class)
                .hasMessageContaining(EnvFileTestKeys.ALICE.recipient())
                .hasMessageContaining(EnvFileTestKeys.BOB.recipient());
    }

    @Test
    void malformedEncValueIsReportedWithItsPath() {
        String broken = encrypted.replaceFirst("(?m)^(    user: ENC\\[AES256_GCM,)data:", "$1dta:");
        assertThat(decryptFailure(broken))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("db.user")
                .hasMessageContaining("ENC[");
    }

    @Test
    void unsupportedVersionAndKeyGroupsAreRefused() {
        String v2 = encrypted.replace("version: 3.13.1", "version: 2.0.0");
        assertThatThrownBy(() -> EncryptedEnvFile.parse(v2.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML))
                .isInstanceOf(UnsupportedEnvFileException.class)
                .hasMessageContaining("2.0.0");

        String groups =
                encrypted.replace("    age:\n", "    key_groups:\n        - age: []\n        - age: []\n    age:\n");
        assertThatThrownBy(() -> EncryptedEnvFile.parse(groups.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML))
                .isInstanceOf(UnsupportedEnvFileException.class)
                .hasMessageContaining("Shamir");
    }

    private List<String> encValues() {
        List<String> values = new ArrayList<>();
        Matcher m = ENC_VALUE.matcher(encrypted);
        while (m.find()) {
            values.add(m.group());
        }
        return values;
    }

    private static String swap(String text, String a, String b) {
        return text.replace(a, "\u0000").replace(b, a).replace("\u0000", b);
    }
}
