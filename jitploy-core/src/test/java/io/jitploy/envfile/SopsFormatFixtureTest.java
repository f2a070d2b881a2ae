package io.jitploy.envfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.AgeCli;
import io.jitploy.envfile.keys.Identities;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.PassphraseSource;
import io.jitploy.envfile.keys.Recipient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Format compatibility checked against an independent, minimal implementation of the sops rules written here from
 * docs/sops-format.md (raw JCE AES-GCM, SHA-512, the real {@code age} binary for the data key), in both directions:
 * a file assembled by hand in sops' exact layout opens with Jitploy, and a file written by Jitploy verifies value by
 * value with the independent code. (No sops binary is available on the build machine; sops' own fixtures use PGP
 * or keys we do not have.)
 */
class SopsFormatFixtureTest {
    private static final String LASTMODIFIED = "2026-05-22T20:16:23Z";
    private static final Pattern ENC =
            Pattern.compile("ENC\\[AES256_GCM,data:([^,]*),iv:([^,]*),tag:([^,]*),type:([^\\]]*)]");

    @TempDir
    Path dir;

    private Path keyFile;
    private String recipient;
    private final byte[] dataKey = new byte[32];

    @BeforeEach
    void generateKey() throws Exception {
        keyFile = dir.resolve("keys.txt");
        AgeCli.run(null, "age-keygen", "-o", keyFile.toString());
        recipient = Files.readAllLines(keyFile).stream()
                .filter(l -> l.startsWith("# public key: "))
                .findFirst()
                .orElseThrow()
                .substring("# public key: ".length());
        new SecureRandom().nextBytes(dataKey);
    }

    @Test
    void handMadeSopsYamlOpensWithJitploy() throws Exception {
        MessageDigest mac = MessageDigest.getInstance("SHA-512");
        for (String plain : List.of("hello", "5432", "1234568000", "True", "a", "b", "pw", "visible")) {
            mac.update(plain.getBytes(StandardCharsets.UTF_8));
        }
        String macHex = HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
        String yaml = "#" + enc(" top comment", ":", "comment") + "\n"
                + "secret: " + enc("hello", "secret:", "str") + "\n"
                + "port: " + enc("5432", "port:", "int") + "\n"
                + "ratio: " + enc("1234568000", "ratio:", "float") + "\n"
                + "debug: " + enc("True", "debug:", "bool") + "\n"
                + "an_array:\n"
                + "    - " + enc("a", "an_array:", "str") + "\n"
                + "    - " + enc("b", "an_array:", "str") + "\n"
                + "app2:\n"
                + "    db:\n"
                + "        password: " + enc("pw", "app2:db:password:", "str") + "\n"
                + "note_unencrypted: visible\n"
                + "sops:\n"
                + "    age:\n"
                + "        - recipient: " + recipient + "\n"
                + "          enc: |\n"
                + indent(ageWrap(), "            ")
                + "    lastmodified: \"" + LASTMODIFIED + "\"\n"
                + "    mac: " + enc(macHex, LASTMODIFIED, "str") + "\n"
                + "    unencrypted_suffix: _unencrypted\n"
                + "    version: 3.13.1\n";

        EncryptedEnvFile file = EncryptedEnvFile.parse(yaml.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML);
        try (KeyRing keys = Identities.parse(Files.readString(keyFile), PassphraseSource.none());
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("secret", "hello")
                    .containsEntry("port", "5432")
                    .containsEntry("ratio", "1234568000")
                    .containsEntry("debug", "true")
                    .containsEntry("an_array_1", "b")
                    .containsEntry("app2_db_password", "pw")
                    .containsEntry("note_unencrypted", "visible");
            assertThat(new String(decrypted.plaintext(), StandardCharsets.UTF_8))
                    .startsWith("# top comment\nsecret: hello\nport: 5432\nratio: 1234568000.0\ndebug: true\n");
        }
    }

    @Test
    void unencryptedNumbersAreReadAsSopsGoYamlReadsThem() throws Exception {
        // go-yaml v3 (sops' parser) drops underscores, honours Go base prefixes and reads a leading 0 as octal; the
        // MAC covers unencrypted values as sops read them: 0644 -> 420, 1_000 -> 1000, 0b101 -> 5, -0x1F -> -31,
        // and 08540 (not octal) -> the float 8540.
        MessageDigest mac = MessageDigest.getInstance("SHA-512");
        for (String plain : List.of("hello", "420", "1000", "5", "-31", "8540", "0644")) {
            mac.update(plain.getBytes(StandardCharsets.UTF_8));
        }
        String macHex = HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
        String yaml = "secret: " + enc("hello", "secret:", "str") + "\n"
                + "mode_unencrypted: 0644\n"
                + "count_unencrypted: 1_000\n"
                + "flags_unencrypted: 0b101\n"
                + "offset_unencrypted: -0x1F\n"
                + "zip_unencrypted: 08540\n"
                + "quoted_unencrypted: \"0644\"\n"
                + "sops:\n"
                + "    age:\n"
                + "        - recipient: " + recipient + "\n"
                + "          enc: |\n"
                + indent(ageWrap(), "            ")
                + "    lastmodified: \"" + LASTMODIFIED + "\"\n"
                + "    mac: " + enc(macHex, LASTMODIFIED, "str") + "\n"
                + "    unencrypted_suffix: _unencrypted\n"
                + "    version: 3.13.1\n";

        EncryptedEnvFile file = EncryptedEnvFile.parse(yaml.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML);
        try (KeyRing keys = Identities.parse(Files.readString(keyFile), PassphraseSource.none());
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("mode_unencrypted", "420")
                    .containsEntry("count_unencrypted", "1000")
                    .containsEntry("zip_unencrypted", "8540")
                    .containsEntry("quoted_unencrypted", "0644");
        }
    }

    @Test
    void floatsAreMacdAsGoFormatsThemEvenAtPowersOfTwo() throws Exception {
        // sops writes 2^-44 as Go's shortest decimal, 16 digits; a 17-digit rendering gives another MAC.
        String goText = "0.00000000000005684341886080802";
        MessageDigest mac = MessageDigest.getInstance("SHA-512");
        mac.update(goText.getBytes(StandardCharsets.UTF_8));
        mac.update(goText.getBytes(StandardCharsets.UTF_8));
        String macHex = HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
        String yaml = "tiny: " + enc(goText, "tiny:", "float") + "\n"
                + "tiny_unencrypted: 5.684341886080802e-14\n"
                + "sops:\n"
                + "    age:\n"
                + "        - recipient: " + recipient + "\n"
                + "          enc: |\n"
                + indent(ageWrap(), "            ")
                + "    lastmodified: \"" + LASTMODIFIED + "\"\n"
                + "    mac: " + enc(macHex, LASTMODIFIED, "str") + "\n"
                + "    unencrypted_suffix: _unencrypted\n"
                + "    version: 3.13.1\n";

        EncryptedEnvFile file = EncryptedEnvFile.parse(yaml.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML);
        try (KeyRing keys = Identities.parse(Files.readString(keyFile), PassphraseSource.none());
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("tiny", goText)
                    .containsEntry("tiny_unencrypted", goText);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void macOnlyEncryptedWithEncryptedRegexInBothDirections() throws Exception {
        // mac_only_encrypted: the hash starts with SHA-256("sops") and covers only the encrypted values.
        byte[] prefix = MessageDigest.getInstance("SHA-256").digest("sops".getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(prefix))
                .isEqualTo("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");
        MessageDigest mac = MessageDigest.getInstance("SHA-512");
        mac.update(prefix);
        mac.update("pw".getBytes(StandardCharsets.UTF_8));
        mac.update("tok".getBytes(StandardCharsets.UTF_8));
        String macHex = HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
        String yaml = "db:\n"
                + "    host: db.internal\n"
                + "    password: " + enc("pw", "db:password:", "str") + "\n"
                + "token: " + enc("tok", "token:", "str") + "\n"
                + "replicas: 3\n"
                + "sops:\n"
                + "    age:\n"
                + "        - recipient: " + recipient + "\n"
                + "          enc: |\n"
                + indent(ageWrap(), "            ")
                + "    encrypted_regex: ^(password|token)$\n"
                + "    lastmodified: \"" + LASTMODIFIED + "\"\n"
                + "    mac: " + enc(macHex, LASTMODIFIED, "str") + "\n"
                + "    mac_only_encrypted: true\n"
                + "    version: 3.13.1\n";

        EncryptedEnvFile file = EncryptedEnvFile.parse(yaml.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML);
        assertThat(file.metadata().macOnlyEncrypted()).isTrue();
        try (KeyRing keys = Identities.parse(Files.readString(keyFile), PassphraseSource.none());
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("db_password", "pw")
                    .containsEntry("db_host", "db.internal")
                    .containsEntry("replicas", "3");

            // Jitploy's own write of a changed value: the MAC, recomputed independently, covers encrypted values only.
            EncryptedEnvFile changed = decrypted.set("token", "tok2");
            Map<String, Object> tree =
                    (Map<String, Object>) new Load(LoadSettings.builder().build())
                            .loadFromString(new String(changed.toBytes(), StandardCharsets.UTF_8));
            Map<String, Object> sops = (Map<String, Object>) tree.get("sops");
            assertThat(sops)
                    .containsEntry("mac_only_encrypted", true)
                    .containsEntry("encrypted_regex", "^(password|token)$");
            assertThat(((Map<String, Object>) tree.get("db")).get("host")).isEqualTo("db.internal");
            assertThat(decrypt((String) tree.get("token"), dataKey, "token:", "str"))
                    .isEqualTo("tok2");
            MessageDigest expected = MessageDigest.getInstance("SHA-512");
            expected.update(prefix);
            expected.update("pw".getBytes(StandardCharsets.UTF_8));
            expected.update("tok2".getBytes(StandardCharsets.UTF_8));
            assertThat(decrypt((String) sops.get("mac"), dataKey, (String) sops.get("lastmodified"), "str"))
                    .isEqualTo(HexFormat.of().formatHex(expected.digest()).toUpperCase(Locale.ROOT));
        }
    }

    @Test
    void datesAreReadAsSopsGoYamlReadsThemInBothDirections() throws Exception {
        // go-yaml reads plain 2026-05-22 as a time: sops MACs the unencrypted one and encrypts the other as Go's
        // MarshalText writes it, with type:time.
        MessageDigest mac = MessageDigest.getInstance("SHA-512");
        mac.update("2027-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
        mac.update("2026-05-22T10:00:00Z".getBytes(StandardCharsets.UTF_8));
        String macHex = HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
        String yaml = "expires: " + enc("2027-01-01T00:00:00Z", "expires:", "time") + "\n"
                + "released_unencrypted: 2026-05-22 10:00:00\n"
                + "sops:\n"
                + "    age:\n"
                + "        - recipient: " + recipient + "\n"
                + "          enc: |\n"
                + indent(ageWrap(), "            ")
                + "    lastmodified: \"" + LASTMODIFIED + "\"\n"
                + "    mac: " + enc(macHex, LASTMODIFIED, "str") + "\n"
                + "    unencrypted_suffix: _unencrypted\n"
                + "    version: 3.13.1\n";

        EncryptedEnvFile file = EncryptedEnvFile.parse(yaml.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML);
        try (KeyRing keys = Identities.parse(Files.readString(keyFile), PassphraseSource.none());
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("expires", "2027-01-01T00:00:00Z")
                    .containsEntry("released_unencrypted", "2026-05-22T10:00:00Z");
        }

        EncryptedEnvFile written = EncryptedEnvFile.encrypt(
                "expires: 2027-01-01\n".getBytes(StandardCharsets.UTF_8),
                EnvFileFormat.YAML,
                EncryptionSettings.forRecipients(List.of(Recipient.parse(recipient))));
        String text = new String(written.toBytes(), StandardCharsets.UTF_8);
        byte[] key = AgeCli.run(
                text.substring(text.indexOf("-----BEGIN"), text.indexOf("-----END AGE ENCRYPTED FILE-----") + 32)
                        .replaceAll("\n +", "\n")
                        .concat("\n")
                        .getBytes(StandardCharsets.US_ASCII),
                "age",
                "-d",
                "-i",
                keyFile.toString());
        Matcher value = ENC.matcher(text);
        assertThat(value.find()).isTrue();
        assertThat(decrypt(value.group(), key, "expires:", "time")).isEqualTo("2027-01-01T00:00:00Z");
    }

    @Test
    void jitployEncryptsOctalAndUnderscoreNumbersAsSopsWould() throws Exception {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                "mode: 0644\ncount: 1_000\nlabel: \"1_000\"\n".getBytes(StandardCharsets.UTF_8),
                EnvFileFormat.YAML,
                EncryptionSettings.forRecipients(List.of(Recipient.parse(recipient))));
        String text = new String(file.toBytes(), StandardCharsets.UTF_8);
        byte[] key = AgeCli.run(
                text.substring(text.indexOf("-----BEGIN"), text.indexOf("-----END AGE ENCRYPTED FILE-----") + 32)
                        .replaceAll("\n +", "\n")
                        .concat("\n")
                        .getBytes(StandardCharsets.US_ASCII),
                "age",
                "-d",
                "-i",
                keyFile.toString());
        Matcher values = ENC.matcher(text);
        assertThat(values.find()).isTrue();
        assertThat(decrypt(values.group(), key, "mode:", "int")).isEqualTo("420");
        assertThat(values.find()).isTrue();
        assertThat(decrypt(values.group(), key, "count:", "int")).isEqualTo("1000");
        assertThat(values.find()).isTrue();
        assertThat(decrypt(values.group(), key, "label:", "str")).isEqualTo("1_000");
    }

    @Test
    void handMadeSopsDotenvWithTrailingSpaceKeyOpensWithJitploy() throws Exception {
        // The shape of sops' functional-tests/res/format.enc.env: key "foo " (AAD "foo :"), flattened metadata.
        MessageDigest mac = MessageDigest.getInstance("SHA-512");
        mac.update("bar".getBytes(StandardCharsets.UTF_8));
        String macHex = HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
        String dotenv = "foo =" + enc("bar", "foo :", "str") + "\n"
                + "sops_age__list_0__map_enc=" + ageWrap().replace("\n", "\\n") + "\n"
                + "sops_age__list_0__map_recipient=" + recipient + "\n"
                + "sops_lastmodified=" + LASTMODIFIED + "\n"
                + "sops_mac=" + enc(macHex, LASTMODIFIED, "str") + "\n"
                + "sops_unencrypted_suffix=_unencrypted\n"
                + "sops_version=3.13.1\n";

        EncryptedEnvFile file = EncryptedEnvFile.parse(dotenv.getBytes(StandardCharsets.UTF_8), EnvFileFormat.DOTENV);
        try (KeyRing keys = Identities.parse(Files.readString(keyFile), PassphraseSource.none());
                DecryptedEnvFile decrypted = file.decrypt(keys)) {
            assertThat(decrypted.toEnvironment()).containsExactly(Map.entry("foo ", "bar"));
            // Re-emitting the untouched file reproduces sops' bytes exactly.
            assertThat(new String(
                            decrypted
                                    .reencrypt("foo =bar\n".getBytes(StandardCharsets.UTF_8))
                                    .toBytes(),
                            StandardCharsets.UTF_8))
                    .startsWith(dotenv.substring(0, dotenv.indexOf("sops_lastmodified")));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jitployYamlVerifiesWithIndependentImplementation() throws Exception {
        String plain = "secret: hello\nport: 5432\nratio: 0.5\nflag: false\nlist:\n    - x\nnested:\n    deep: y\n"
                + "keep_unencrypted: z\n";
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                plain.getBytes(StandardCharsets.UTF_8),
                EnvFileFormat.YAML,
                EncryptionSettings.forRecipients(List.of(Recipient.parse(recipient))));
        Map<String, Object> tree =
                (Map<String, Object>) new Load(LoadSettings.builder().build())
                        .loadFromString(new String(file.toBytes(), StandardCharsets.UTF_8));
        Map<String, Object> sops = (Map<String, Object>) tree.get("sops");
        Map<String, Object> age = ((List<Map<String, Object>>) sops.get("age")).get(0);
        assertThat(age.get("recipient")).isEqualTo(recipient);
        byte[] key = AgeCli.run(
                ((String) age.get("enc")).getBytes(StandardCharsets.US_ASCII), "age", "-d", "-i", keyFile.toString());
        assertThat(key).hasSize(32);

        MessageDigest mac = MessageDigest.getInstance("SHA-512");
        String[][] expected = {
            {"hello", "secret:", "str", (String) tree.get("secret")},
            {"5432", "port:", "int", (String) tree.get("port")},
            {"0.5", "ratio:", "float", (String) tree.get("ratio")},
            {"False", "flag:", "bool", (String) tree.get("flag")},
            {"x", "list:", "str", ((List<String>) tree.get("list")).get(0)},
            {"y", "nested:deep:", "str", (String) ((Map<String, Object>) tree.get("nested")).get("deep")},
        };
        for (String[] value : expected) {
            assertThat(decrypt(value[3], key, value[1], value[2])).isEqualTo(value[0]);
            mac.update(value[0].getBytes(StandardCharsets.UTF_8));
        }
        assertThat(tree.get("keep_unencrypted")).isEqualTo("z");
        mac.update("z".getBytes(StandardCharsets.UTF_8));
        String macHex = HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
        assertThat(decrypt((String) sops.get("mac"), key, (String) sops.get("lastmodified"), "str"))
                .isEqualTo(macHex);
        assertThat(sops.keySet()).containsExactly("age", "lastmodified", "mac", "unencrypted_suffix", "version");
    }

    private String enc(String plaintext, String aad, String type) throws Exception {
        byte[] iv = new byte[32];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder b64 = Base64.getEncoder();
        return "ENC[AES256_GCM,data:" + b64.encodeToString(Arrays.copyOf(sealed, sealed.length - 16)) + ",iv:"
                + b64.encodeToString(iv) + ",tag:"
                + b64.encodeToString(Arrays.copyOfRange(sealed, sealed.length - 16, sealed.length)) + ",type:" + type
                + "]";
    }

    private static String decrypt(String enc, byte[] key, String aad, String expectedType) throws Exception {
        Matcher m = ENC.matcher(enc);
        assertThat(m.matches()).as(enc).isTrue();
        assertThat(m.group(4)).isEqualTo(expectedType);
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] iv = b64.decode(m.group(2));
        assertThat(iv).hasSize(32);
        byte[] data = b64.decode(m.group(1));
        byte[] tag = b64.decode(m.group(3));
        byte[] sealed = Arrays.copyOf(data, data.length + tag.length);
        System.arraycopy(tag, 0, sealed, data.length, tag.length);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
    }

    private String ageWrap() throws Exception {
        return new String(AgeCli.run(dataKey, "age", "-e", "-a", "-r", recipient), StandardCharsets.US_ASCII);
    }

    private static String indent(String text, String prefix) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            out.append(prefix).append(line).append('\n');
        }
        return out.toString();
    }
}
