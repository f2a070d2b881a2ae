package io.jitploy.envfile.pgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: the real GnuPG (Debian package gnupg) in a throw-away home directory, with one generated key
 * (ed25519 + cv25519, as {@code gpg --quick-gen-key} makes by default) protected by a passphrase. Close it to stop
 * the agent GnuPG starts.
 */
public final class GnupgHome implements AutoCloseable {
    private final Path home;
    private final String passphrase;
    private final String fingerprint;

    private GnupgHome(Path home, String passphrase) throws IOException, InterruptedException {
        this.home = home;
        this.passphrase = passphrase;
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        gpg(
                null,
                "--passphrase",
                passphrase,
                "--quick-gen-key",
                "Interop <interop@example.com>",
                "future-default",
                "default",
                "never");
        String listing = new String(gpg(null, "--with-colons", "--list-secret-keys"), StandardCharsets.UTF_8);
        this.fingerprint = listing.lines()
                .filter(line -> line.startsWith("fpr:"))
                .findFirst()
                .map(line -> line.split(":")[9])
                .orElseThrow();
    }

    /** A GnuPG home in {@code dir} (which must be short: GnuPG's socket paths are limited) with a fresh key. */
    public static GnupgHome create(Path dir, String passphrase) throws IOException, InterruptedException {
        return new GnupgHome(dir, passphrase);
    }

    /** True if a {@code gpg} binary is on the PATH. */
    public static boolean installed() {
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

    public String fingerprint() {
        return fingerprint;
    }

    public String passphrase() {
        return passphrase;
    }

    public String exportPublicKey() throws IOException, InterruptedException {
        return new String(gpg(null, "--export", "--armor", fingerprint), StandardCharsets.US_ASCII);
    }

    public String exportSecretKey() throws IOException, InterruptedException {
        return new String(
                gpg(null, "--passphrase", passphrase, "--export-secret-keys", "--armor", fingerprint),
                StandardCharsets.US_ASCII);
    }

    /** {@code gpg --decrypt} of an armored message, with the key's passphrase. */
    public byte[] decrypt(String armoredMessage) throws IOException, InterruptedException {
        return gpg(armoredMessage.getBytes(StandardCharsets.US_ASCII), "--passphrase", passphrase, "--decrypt");
    }

    /** {@code gpg --encrypt --armor} to this home's key. */
    public String encrypt(byte[] data) throws IOException, InterruptedException {
        return new String(
                gpg(data, "--trust-model", "always", "--encrypt", "--armor", "--recipient", fingerprint),
                StandardCharsets.US_ASCII);
    }

    /** Runs gpg in batch mode on this home; asserts success and returns standard output. */
    public byte[] gpg(byte[] stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "gpg", "--homedir", home.toString(), "--batch", "--quiet", "--no-tty", "--pinentry-mode", "loopback"));
        command.addAll(List.of(args));
        return run(command, stdin);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("gpgconf", "--homedir", home.toString(), "--kill", "all"), null);
    }

    private static byte[] run(List<String> command, byte[] stdin) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("%s exit code", command).isZero();
        return out;
    }
}
