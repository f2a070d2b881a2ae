package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Plain YAML scalars that sops' go-yaml reads as times, written back as Go's {@code MarshalText} writes them. */
class GoYamlTimestampsTest {

    @ParameterizedTest
    @CsvSource({
        "2001-12-14, 2001-12-14T00:00:00Z",
        "2001-1-2, 2001-01-02T00:00:00Z",
        "2000-02-29, 2000-02-29T00:00:00Z",
        "2001-12-14T21:59:43.10Z, 2001-12-14T21:59:43.1Z",
        "2001-12-14t21:59:43.10-05:00, 2001-12-14T21:59:43.1-05:00",
        "2001-12-14 21:59:43.10, 2001-12-14T21:59:43.1Z",
        "2001-12-14T3:4:5Z, 2001-12-14T03:04:05Z",
        "2026-05-22T20:16:23+00:00, 2026-05-22T20:16:23Z",
        "2026-05-22T20:16:23.000Z, 2026-05-22T20:16:23Z",
        "'2026-05-22T20:16:23,5Z', 2026-05-22T20:16:23.5Z",
        "2026-05-22T20:16:23.1234567891234Z, 2026-05-22T20:16:23.123456789Z",
        "2026-05-22T20:16:23+05:30, 2026-05-22T20:16:23+05:30",
    })
    void readAsGoYamlAndWrittenAsGoMarshalText(String plain, String go) {
        assertThat(GoYamlTimestamps.parse(plain)).contains(go);
        assertThat(GoYamlTimestamps.parse(go)).as("idempotent").contains(go);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2001-12-14 21:59:43.10 -5",
                "2001-02-29",
                "2001-13-01",
                "2001-12-32",
                "2001-00-10",
                "2001-12-14T24:00:00Z",
                "2001-12-14T21:60:00Z",
                "2001-12-14T21:59Z",
                "2001-12-14T21:59:43",
                "2001-12-14T21:59:43+0100",
                "2001-12-14 21:59:43Z",
                "2001-12-14X",
                "2001-012-14",
                "20011-12-14",
                "201-12-14",
                "2001-12-14T21:59:43.Z",
                "v2001-12-14",
            })
    void otherTextStaysAString(String plain) {
        assertThat(GoYamlTimestamps.parse(plain)).isEmpty();
    }

    @Test
    void datesAreEncryptedAsTimesAndQuotedDatesStayStrings() {
        String yaml = "expires: 2027-01-01\nlabel: \"2027-01-01\"\nreleased_unencrypted: 2026-05-22 10:00:00\n";
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(yaml.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());
        String text = new String(file.toBytes(), StandardCharsets.UTF_8);
        assertThat(text)
                .containsPattern("expires: ENC\\[[^\\n]*type:time]")
                .containsPattern("label: ENC\\[[^\\n]*type:str]")
                .contains("released_unencrypted: 2026-05-22T10:00:00Z\n");

        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            assertThat(decrypted.toEnvironment())
                    .containsEntry("expires", "2027-01-01T00:00:00Z")
                    .containsEntry("label", "2027-01-01")
                    .containsEntry("released_unencrypted", "2026-05-22T10:00:00Z");
            // As `sops -d` prints it; the quotes keep the string a string when the plaintext is encrypted again.
            byte[] plaintext = decrypted.plaintext();
            assertThat(new String(plaintext, StandardCharsets.UTF_8))
                    .isEqualTo("expires: 2027-01-01T00:00:00Z\nlabel: \"2027-01-01\"\n"
                            + "released_unencrypted: 2026-05-22T10:00:00Z\n");
            EncryptedEnvFile again = decrypted.reencrypt(plaintext);
            assertThat(new String(again.toBytes(), StandardCharsets.UTF_8))
                    .contains(text.lines()
                            .filter(l -> l.startsWith("expires:") || l.startsWith("label:"))
                            .toList());
        }
    }
}
