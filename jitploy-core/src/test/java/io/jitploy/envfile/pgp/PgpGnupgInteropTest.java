package io.jitploy.envfile.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real GnuPG (Debian package gnupg), in a throw-away GNUPGHOME: what sops users have in their
 * keyrings must work with Jitploy, and the other way round.
 */
class PgpGnupgInteropTest {
    private static final String PASSPHRASE = "interop passphrase";

    @TempDir
    Path home;

    private String fingerprint;

    @BeforeEach
    void gnupgHomeWithAKey() throws Exception {
        assumeTrue(gpgInstalled(), "gpg is not installed (apt-get install gnupg)");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        gpg(
                null,
                "--passphrase",
                PASSPHRASE,
                "--quick-gen-key",
                "Interop <interop@example.com>",
                "future-default",
                "default",
                "never");
        String listing = new String(gpg(null, "--with-colons", "--list-secret-keys"), StandardCharsets.UTF_8);
        fingerprint = listing.lines()
                .filter(line -> line.startsWith("fpr:"))
                .findFirst()
                .map(line -> line.split(":")[9])
                .orElseThrow();
    }

    @AfterEach
    void stopAgent() throws Exception {
        if (fingerprint != null) {
            run(List.of("gpgconf", "--kill", "all"), null);
        }
    }

    @Test
    void gpg_decrypts_a_data_key_that_jitploy_encrypted() throws Exception {
        byte[] dataKey = randomKey();
        PgpPublicKey recipient = PgpPublicKey.parse(gpg(null, "--export", "--armor", fingerprint));
        assertThat(recipient.fingerprint()).isEqualTo(fingerprint);

        String message = recipient.encrypt(dataKey);

        byte[] decrypted = gpg(message.getBytes(StandardCharsets.US_ASCII), "--passphrase", PASSPHRASE, "--decrypt");
        assertThat(decrypted).isEqualTo(dataKey);
    }

    @Test
    void jitploy_decrypts_a_data_key_that_gpg_encrypted_with_the_exported_secret_key() throws Exception {
        byte[] dataKey = randomKey();
        String message = new String(
                gpg(dataKey, "--trust-model", "always", "--encrypt", "--armor", "--recipient", fingerprint),
                StandardCharsets.US_ASCII);
        byte[] secretKey = gpg(null, "--passphrase", PASSPHRASE, "--export-secret-keys", "--armor", fingerprint);

        PgpSecretKey identity = PgpSecretKey.parse(secretKey, PASSPHRASE::toCharArray);

        assertThat(identity.fingerprint()).isEqualTo(fingerprint);
        assertThat(identity.decrypt(message)).isEqualTo(dataKey);
    }

    @Test
    void gpg_decrypts_for_a_key_made_by_bouncycastle() throws Exception {
        PgpTestKeys keys = PgpTestKeys.generate("Generated <generated@example.com>", PASSPHRASE);
        byte[] dataKey = randomKey();
        String message = PgpPublicKey.parse(keys.publicKey()).encrypt(dataKey);
        gpg(keys.secretKey().getBytes(StandardCharsets.US_ASCII), "--passphrase", PASSPHRASE, "--import");

        byte[] decrypted = gpg(message.getBytes(StandardCharsets.US_ASCII), "--passphrase", PASSPHRASE, "--decrypt");

        assertThat(decrypted).isEqualTo(dataKey);
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    private byte[] gpg(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "gpg", "--homedir", home.toString(), "--batch", "--quiet", "--no-tty", "--pinentry-mode", "loopback"));
        command.addAll(List.of(args));
        return run(command, stdin);
    }

    private static byte[] run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s exit code", command).isZero();
        return out;
    }

    private static boolean gpgInstalled() {
        try {
            return new ProcessBuilder("gpg", "--version")
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start()
                            .waitFor()
                    == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
