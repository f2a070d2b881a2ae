package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad plaintext or encrypted input gets a specific, actionable error and nothing is written. */
class BadInputTest {
    @TempDir
    Path dir;

    private static void encrypt(String text, EnvFileFormat format) {
        EncryptedEnvFile.encrypt(text.getBytes(StandardCharsets.UTF_8), format, forAlice());
    }

    @Test
    void duplicateKeysInEveryFormat() {
        assertThatThrownBy(() -> encrypt("a: 1\nb: 2\na: 3\n", EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("Duplicate key 'a'")
                .hasMessageContaining("line 3");
        assertThatThrownBy(() -> encrypt("{\"a\": 1, \"a\": 2}", EnvFileFormat.JSON))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> encrypt("A=1\nA=2\n", EnvFileFormat.DOTENV))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("Duplicate key 'A'");
    }

    @Test
    void reservedSopsKey() {
        assertThatThrownBy(() -> encrypt("sops: 1\n", EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> encrypt("{\"sops\": {}}", EnvFileFormat.JSON))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> encrypt("sops_version=1\n", EnvFileFormat.DOTENV))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("reserved");
    }

    @Test
    void nonMappingRoots() {
        assertThatThrownBy(() -> encrypt("- a\n- b\n", EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> encrypt("just a string\n", EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("must be a mapping");
        assertThatThrownBy(() -> encrypt("[1, 2]", EnvFileFormat.JSON))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("must be an object");
        assertThatThrownBy(() -> encrypt("NO_EQUALS_SIGN\n", EnvFileFormat.DOTENV))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("Line 1");
    }

    @Test
    void yamlAliasBombIsRefused() {
        StringBuilder bomb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            bomb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            bomb.append("]\n");
        }
        assertThatThrownBy(() -> encrypt(bomb.toString(), EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("alias");
    }

    @Test
    void yamlAliasExpansionIsLimitedEvenWithinTheAliasCount() {
        // 50 aliases (the count limit) of nested maps expand to a million values: the expansion limit stops it.
        StringBuilder bomb =
                new StringBuilder("b0: &b0 {k0: x, k1: x, k2: x, k3: x, k4: x, k5: x, k6: x, k7: x, k8: x, k9: x}\n");
        for (int i = 1; i < 6; i++) {
            bomb.append("b").append(i).append(": &b").append(i).append(" {");
            for (int j = 0; j < 10; j++) {
                bomb.append(j == 0 ? "" : ", ")
                        .append("k")
                        .append(j)
                        .append(": *b")
                        .append(i - 1);
            }
            bomb.append("}\n");
        }
        assertThatThrownBy(() -> encrypt(bomb.toString(), EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("200000 values")
                .hasMessageContaining("alias bomb");
    }

    @Test
    void integersThatSopsReadsAsUnsignedAreRefusedAsSopsRefusesThem() {
        // go-yaml reads 2^63..2^64-1 as uint64, which sops cannot encrypt or MAC; beyond that, and below -2^63, a
        // float.
        for (String big : java.util.List.of("18446744073709551615", "9223372036854775808", "0xFFFFFFFFFFFFFFFF")) {
            assertThatThrownBy(() -> encrypt("big: " + big + "\n", EnvFileFormat.YAML))
                    .as(big)
                    .isInstanceOf(UnsupportedEnvFileException.class)
                    .hasMessageContaining("line 1")
                    .hasMessageContaining("Quote it");
        }
        String text = new String(
                EncryptedEnvFile.encrypt(
                                ("a: 18446744073709551616\nb: -9223372036854775809\nc: \"18446744073709551615\"\n"
                                                + "d: 9223372036854775807\n")
                                        .getBytes(StandardCharsets.UTF_8),
                                EnvFileFormat.YAML,
                                forAlice())
                        .toBytes(),
                StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThat(text)
                .containsPattern("a: ENC\\[[^\\n]*type:float]")
                .containsPattern("b: ENC\\[[^\\n]*type:float]")
                .containsPattern("c: ENC\\[[^\\n]*type:str]")
                .containsPattern("d: ENC\\[[^\\n]*type:int]");
    }

    @Test
    void yamlSyntaxErrorNamesTheLineButNotTheContent() {
        assertThatThrownBy(() -> encrypt("a: ok\nb: [unclosed-secret-value\n", EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("line")
                .message()
                .doesNotContain("unclosed-secret-value");
    }

    @Test
    void filesOverTheSizeLimitAreRefusedBeforeReading() throws Exception {
        Path big = dir.resolve("big.enc.yaml");
        try (var channel = Files.newByteChannel(
                big, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            channel.position(EncryptedEnvFile.MAX_FILE_BYTES);
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {'\n'}));
        }
        assertThatThrownBy(() -> EncryptedEnvFile.read(big))
                .isInstanceOf(EnvFileTooLargeException.class)
                .hasMessageContaining(Integer.toString(EncryptedEnvFile.MAX_FILE_BYTES));
        assertThatThrownBy(
                        () -> encrypt("a: " + "x".repeat(EncryptedEnvFile.MAX_FILE_BYTES) + "\n", EnvFileFormat.YAML))
                .isInstanceOf(EnvFileTooLargeException.class);
    }

    @Test
    void missingMetadataIsNotAnEncryptedFile() {
        assertThatThrownBy(() -> EncryptedEnvFile.parse("a: 1\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("no `sops` metadata");
        assertThatThrownBy(() -> EncryptedEnvFile.parse("A=1\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.DOTENV))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("sops_");
    }

    @Test
    void failedWriteLeavesTheExistingFileUntouched() throws Exception {
        Path target = dir.resolve("app.enc.yaml");
        EncryptedEnvFile first =
                EncryptedEnvFile.encrypt("a: 1\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());
        first.writeAtomically(target);
        byte[] before = Files.readAllBytes(target);
        assertThatThrownBy(() -> EncryptedEnvFile.encrypt(
                                "a: [\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice())
                        .writeAtomically(target))
                .isInstanceOf(MalformedEnvFileException.class);
        org.assertj.core.api.Assertions.assertThat(Files.readAllBytes(target)).isEqualTo(before);
        try (var files = Files.list(dir)) {
            org.assertj.core.api.Assertions.assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aWriteThatCannotBeCompletedLeavesNoTemporaryFile() throws Exception {
        // The final rename fails (the target is a non-empty directory): what was there stays, nothing is left over.
        Path target = Files.createDirectories(dir.resolve("app.enc.yaml"));
        Files.writeString(target.resolve("keep.txt"), "kept");
        EncryptedEnvFile file =
                EncryptedEnvFile.encrypt("a: 1\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.YAML, forAlice());

        assertThatThrownBy(() -> file.writeAtomically(target))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("the previous file is unchanged");

        try (var files = Files.list(dir)) {
            org.assertj.core.api.Assertions.assertThat(files).containsExactly(target);
        }
        org.assertj.core.api.Assertions.assertThat(target.resolve("keep.txt")).hasContent("kept");
    }

    @Test
    void addingRecipientsCannotPushAFileOverTheSizeLimit() {
        // An unencrypted value keeps the file just under the limit; one more recipient entry would cross it.
        String prefix = "big_unencrypted=";
        EncryptedEnvFile small = EncryptedEnvFile.encrypt(
                (prefix + "x\n").getBytes(StandardCharsets.UTF_8), EnvFileFormat.DOTENV, forAlice());
        int filler = EncryptedEnvFile.MAX_FILE_BYTES - small.toBytes().length - 100;
        EncryptedEnvFile nearLimit = EncryptedEnvFile.encrypt(
                (prefix + "x".repeat(filler) + "\n").getBytes(StandardCharsets.UTF_8),
                EnvFileFormat.DOTENV,
                forAlice());
        org.assertj.core.api.Assertions.assertThat(nearLimit.toBytes().length)
                .isLessThanOrEqualTo(EncryptedEnvFile.MAX_FILE_BYTES);

        assertThatThrownBy(() -> nearLimit.withRecipients(
                        EnvFileTestKeys.alice(),
                        java.util.List.of(EnvFileTestKeys.ALICE.toRecipient(), EnvFileTestKeys.BOB.toRecipient())))
                .isInstanceOf(EnvFileTooLargeException.class)
                .hasMessageContaining(Integer.toString(EncryptedEnvFile.MAX_FILE_BYTES));
    }

    @Test
    void yamlKeysTooLongToReadBackAreRefused() {
        Mapping document = new Mapping();
        document.put("k".repeat(YamlEmitter.MAX_KEY_CHARS + 1), "v");
        assertThatThrownBy(() -> new YamlStore().emitPlain(java.util.List.of(document)))
                .isInstanceOf(UnsupportedEnvFileException.class)
                .hasMessageContaining("Shorten the key");
    }

    @Test
    void encryptedDotenvWithWindowsLineEndingsGetsAFixHint() {
        byte[] file = EncryptedEnvFile.encrypt(
                        "A=1\n".getBytes(StandardCharsets.UTF_8), EnvFileFormat.DOTENV, forAlice())
                .toBytes();
        byte[] crlf =
                new String(file, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> EncryptedEnvFile.parse(crlf, EnvFileFormat.DOTENV))
                .isInstanceOf(MalformedEnvFileException.class)
                .hasMessageContaining("eol=lf");
    }
}
