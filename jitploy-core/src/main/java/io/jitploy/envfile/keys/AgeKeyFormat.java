package io.jitploy.envfile.keys;

import io.jitploy.envfile.KeyFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** age X25519: recipients {@code age1...}, identities {@code AGE-SECRET-KEY-1...} (one per line). */
final class AgeKeyFormat implements KeyFormat {
    static final String TYPE = "age";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Recipient> parseRecipient(String text) {
        if (!text.toLowerCase(Locale.ROOT).startsWith("age1")) {
            return Optional.empty();
        }
        return Optional.of(AgeX25519Recipient.parse(text));
    }

    @Override
    public List<Identity> parseIdentities(String text, PassphraseSource passphrases) {
        List<Identity> identities = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.regionMatches(true, 0, "AGE-SECRET-KEY-1", 0, 16)) {
                try {
                    identities.add(AgeX25519Identity.parse(line));
                } catch (KeyFormatException e) {
                    throw new KeyFormatException("Line " + (i + 1) + " looks like an age identity but is damaged"
                            + " (bad Bech32 encoding or checksum). Copy the key again from its source.");
                }
            }
        }
        return identities;
    }
}
