package io.jitploy.envfile.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.envfile.KeyFormatException;
import io.jitploy.envfile.NoMatchingKeyException;
import io.jitploy.envfile.WrongKeyException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysTest {
    private static final byte[] DATA_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            DATA_KEY[i] = (byte) i;
        }
    }

    @Test
    void generatedPairRoundTripsAndHidesItsSecret() {
        AgeKeyPair pair = AgeKeyPair.generate();
        assertThat(pair.identity()).startsWith("AGE-SECRET-KEY-1");
        assertThat(pair.recipient()).startsWith("age1");
        assertThat(pair.toString()).contains(pair.recipient()).doesNotContain(pair.identity());
        Identity identity = pair.toIdentity();
        assertThat(identity.publicId()).isEqualTo(pair.recipient());
        assertThat(identity.toString()).doesNotContain(pair.identity().substring(16));

        MasterKeyEntry entry = Recipient.parse(pair.recipient()).wrap(DATA_KEY, Instant.now());
        assertThat(entry.type()).isEqualTo("age");
        assertThat(entry.recipientId()).isEqualTo(pair.recipient());
        assertThat(entry.fields().keySet()).containsExactly("recipient", "enc");
        assertThat(KeyRing.of(identity).unwrapDataKey(List.of(entry))).isEqualTo(DATA_KEY);
    }

    @Test
    void keyFileWithCommentsAndSeveralIdentities() {
        AgeKeyPair a = AgeKeyPair.generate();
        AgeKeyPair b = AgeKeyPair.generate();
        String text =
                "# created: today\n# public key: " + a.recipient() + "\n" + a.identity() + "\n\n" + b.identity() + "\n";
        KeyRing ring = Identities.parse(text, PassphraseSource.none());
        assertThat(ring.publicIds()).containsExactly(a.recipient(), b.recipient());

        MasterKeyEntry forB = b.toRecipient().wrap(DATA_KEY, Instant.now());
        assertThat(ring.unwrapDataKey(List.of(forB))).isEqualTo(DATA_KEY);
    }

    @Test
    void noMatchingKeyListsPublicPartsOnly() {
        AgeKeyPair owner = AgeKeyPair.generate();
        AgeKeyPair stranger = AgeKeyPair.generate();
        MasterKeyEntry entry = owner.toRecipient().wrap(DATA_KEY, Instant.now());

        assertThatThrownBy(() -> KeyRing.of(stranger.toIdentity()).unwrapDataKey(List.of(entry)))
                .isInstanceOf(NoMatchingKeyException.class)
                .hasMessageContaining(owner.recipient())
                .hasMessageContaining(stranger.recipient())
                .message()
                .doesNotContain(stranger.identity().substring(16));
    }

    @Test
    void damagedEncOfMatchingRecipientIsWrongKey() {
        AgeKeyPair owner = AgeKeyPair.generate();
        MasterKeyEntry entry = owner.toRecipient().wrap(DATA_KEY, Instant.now());
        String enc = entry.enc();
        int pos = enc.indexOf('\n') + 20;
        String damaged = enc.substring(0, pos) + (enc.charAt(pos) == 'A' ? 'B' : 'A') + enc.substring(pos + 1);

        assertThatThrownBy(() -> KeyRing.of(owner.toIdentity()).unwrapDataKey(List.of(entry.with("enc", damaged))))
                .isInstanceOf(WrongKeyException.class)
                .isNotInstanceOf(NoMatchingKeyException.class)
                .hasMessageContaining(owner.recipient());
    }

    @Test
    void badKeyTextGivesActionableErrorsWithoutEchoingIt() {
        assertThatThrownBy(() -> Recipient.parse("age1notvalid"))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("age1...");
        assertThatThrownBy(() -> Identities.parse("hello\n", PassphraseSource.none()))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("AGE-SECRET-KEY-1");
        String broken = AgeKeyPair.generate().identity().substring(0, 40) + "QQQQ";
        assertThatThrownBy(() -> Identities.parse("# c\n" + broken, PassphraseSource.none()))
                .isInstanceOf(KeyFormatException.class)
                .hasMessageContaining("Line 2")
                .message()
                .doesNotContain(broken);
    }

    @Test
    void registeredFormatsAreConsulted() {
        KeyFormat fake = new KeyFormat() {
            @Override
            public String type() {
                return "test-kind";
            }

            @Override
            public java.util.Optional<Recipient> parseRecipient(String text) {
                return java.util.Optional.empty();
            }

            @Override
            public List<Identity> parseIdentities(String text, PassphraseSource passphrases) {
                return List.of();
            }
        };
        KeyFormats.register(fake);
        try {
            assertThat(KeyFormats.supports("test-kind")).isTrue();
            assertThat(KeyFormats.all().get(0).type()).isEqualTo("age");
            assertThatThrownBy(() -> Recipient.parse("nothing-known"))
                    .isInstanceOf(KeyFormatException.class)
                    .hasMessageContaining("test-kind");
        } finally {
            KeyFormats.unregister("test-kind");
        }
        assertThat(KeyFormats.supports("test-kind")).isFalse();
    }
}
