package io.jitploy.envfile.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with the real {@code age} binary (Debian package, /usr/bin/age). */
class AgeInteropTest {
    @TempDir
    Path dir;

    @Test
    void dataKeyWrappedByJitployOpensWithAgeBinary() throws Exception {
        AgeKeyPair pair = AgeKeyPair.generate();
        byte[] dataKey = randomKey();
        MasterKeyEntry entry = pair.toRecipient().wrap(dataKey, Instant.now());
        assertThat(entry.enc())
                .startsWith("-----BEGIN AGE ENCRYPTED FILE-----\n")
                .endsWith("-----END AGE ENCRYPTED FILE-----\n");
        Path keyFile = Files.writeString(dir.resolve("keys.txt"), "# test key\n" + pair.identity() + "\n");
        Path encFile = Files.writeString(dir.resolve("key.age"), entry.enc());

        byte[] opened = AgeCli.run(null, "age", "-d", "-i", keyFile.toString(), encFile.toString());

        assertThat(opened).isEqualTo(dataKey);
    }

    @Test
    void dataKeyWrappedByAgeBinaryOpensWithJitploy() throws Exception {
        AgeKeyPair pair = AgeKeyPair.generate();
        byte[] dataKey = randomKey();

        byte[] armored = AgeCli.run(dataKey, "age", "-e", "-a", "-r", pair.recipient());

        MasterKeyEntry entry = MasterKeyEntry.of(
                "age",
                java.util.Map.of("recipient", pair.recipient(), "enc", new String(armored, StandardCharsets.US_ASCII)));
        try (KeyRing ring = Identities.parse(pair.identity(), PassphraseSource.none())) {
            assertThat(ring.unwrapDataKey(List.of(entry))).isEqualTo(dataKey);
        }
    }

    @Test
    void ageKeygenIdentityParsesToItsRecipient() throws Exception {
        Path keyFile = dir.resolve("generated.txt");
        AgeCli.run(null, "age-keygen", "-o", keyFile.toString());
        String text = Files.readString(keyFile);
        String publicLine = text.lines()
                .filter(l -> l.startsWith("# public key: "))
                .findFirst()
                .orElseThrow();

        try (KeyRing ring = Identities.parse(text, PassphraseSource.none())) {
            assertThat(ring.publicIds()).containsExactly(publicLine.substring("# public key: ".length()));
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
