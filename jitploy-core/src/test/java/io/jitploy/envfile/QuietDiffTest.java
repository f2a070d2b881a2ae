package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** set/unset/reencrypt touch only the changed value's line plus the MAC and lastmodified lines. */
class QuietDiffTest {
    private static final Clock LATER = Clock.fixed(Instant.parse("2026-06-01T08:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static final String YAML =
            """
            # comment kept
            DB_PASSWORD: one
            API_TOKEN: two
            nested:
                key: three
                list:
                    - four
                    - five
            PORT: 8080
            """;

    private static final String DOTENV = "# comment\nDB_PASSWORD=one\nAPI_TOKEN=two\nPORT=8080\n";
    private static final String JSON = "{\"DB_PASSWORD\": \"one\", \"API_TOKEN\": \"two\", \"nested\": {\"key\": 3}}";

    @Test
    void setChangesOnlyThatLineInEveryFormat() throws Exception {
        for (EnvFileFormat format : List.of(EnvFileFormat.YAML, EnvFileFormat.DOTENV, EnvFileFormat.JSON)) {
            String plain = format == EnvFileFormat.YAML ? YAML : format == EnvFileFormat.DOTENV ? DOTENV : JSON;
            Path file = dir.resolve("app.enc."
                    + (format == EnvFileFormat.DOTENV ? "env" : format.name().toLowerCase()));
            EncryptedEnvFile.encrypt(plain.getBytes(StandardCharsets.UTF_8), format, forAlice())
                    .writeAtomically(file);
            List<String> before = Files.readAllLines(file);

            try (DecryptedEnvFile decrypted =
                    EncryptedEnvFile.read(file).decrypt(alice()).withClock(LATER)) {
                decrypted.set("API_TOKEN", "changed").writeAtomically(file);
            }
            List<String> after = Files.readAllLines(file);

            assertThat(after).hasSameSizeAs(before);
            assertThat(changedLines(before, after))
                    .as(format.name())
                    .allSatisfy(line -> assertThat(line).containsAnyOf("API_TOKEN", "mac", "lastmodified"))
                    .hasSize(3);
            try (DecryptedEnvFile reread = EncryptedEnvFile.read(file).decrypt(alice())) {
                assertThat(reread.toEnvironment())
                        .containsEntry("API_TOKEN", "changed")
                        .containsEntry("DB_PASSWORD", "one");
                assertThat(reread.source().metadata().lastModifiedText()).isEqualTo("2026-06-01T08:00:00Z");
            }
        }
    }

    @Test
    void unsetRemovesOnlyThatLine() throws Exception {
        Path file = dir.resolve("app.enc.yaml");
        EncryptedEnvFile.encrypt(YAML.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice())
                .writeAtomically(file);
        List<String> before = Files.readAllLines(file);
        try (DecryptedEnvFile decrypted =
                EncryptedEnvFile.read(file).decrypt(alice()).withClock(LATER)) {
            decrypted.unset("nested.list.0").writeAtomically(file);
        }
        List<String> after = Files.readAllLines(file);

        List<String> removed = new ArrayList<>(before);
        removed.removeAll(after);
        List<String> added = new ArrayList<>(after);
        added.removeAll(before);
        assertThat(removed).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("        - ENC["));
        assertThat(added).hasSize(2).allSatisfy(l -> assertThat(l).containsAnyOf("mac:", "lastmodified:"));
        try (DecryptedEnvFile reread = EncryptedEnvFile.read(file).decrypt(alice())) {
            assertThat(reread.toEnvironment())
                    .containsEntry("nested_list_0", "five")
                    .doesNotContainKey("nested_list_1");
        }
    }

    @Test
    void setCreatesNestedKeysAndRejectsImpossiblePaths() {
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(YAML.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());
        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            EncryptedEnvFile updated = decrypted.set("new.deep\\.key", "v");
            try (DecryptedEnvFile reread = updated.decrypt(alice())) {
                assertThat(reread.value("new.deep\\.key")).contains("v");
                assertThat(reread.toEnvironment()).containsEntry("new_deep.key", "v");
            }
            assertThatThrownBy(() -> decrypted.set("PORT.sub", "x"))
                    .isInstanceOf(EnvFileException.class)
                    .hasMessageContaining("single value");
            assertThatThrownBy(() -> decrypted.unset("missing"))
                    .isInstanceOf(EnvFileException.class)
                    .hasMessageContaining("no key missing");
        }
    }

    @Test
    void reencryptKeepsCiphertextOfUnchangedValues() {
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(YAML.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());
        try (DecryptedEnvFile decrypted = file.decrypt(alice())) {
            String edited = new String(decrypted.plaintext(), StandardCharsets.UTF_8).replace("three", "THREE");
            EncryptedEnvFile updated = decrypted.reencrypt(edited.getBytes(StandardCharsets.UTF_8));
            List<String> changed = changedLines(lines(file), lines(updated));
            assertThat(changed).hasSize(3).anySatisfy(l -> assertThat(l).startsWith("    key: ENC["));
        }
    }

    @Test
    void closedFileRefusesWorkAndHidesValues() {
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt(YAML.getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());
        DecryptedEnvFile decrypted = file.decrypt(alice());
        assertThat(decrypted.toString()).doesNotContain("one").doesNotContain("two");
        assertThat(file.toString()).doesNotContain("one");
        decrypted.close();
        assertThatThrownBy(decrypted::toEnvironment).isInstanceOf(IllegalStateException.class);
    }

    private static List<String> lines(EncryptedEnvFile file) {
        return List.of(new String(file.toBytes(), StandardCharsets.UTF_8).split("\n"));
    }

    private static List<String> changedLines(List<String> before, List<String> after) {
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < Math.min(before.size(), after.size()); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(after.get(i));
            }
        }
        return changed;
    }
}
