package io.jitploy.envfile.keys;

import io.jitploy.envfile.KeyFormatException;
import java.util.List;

/**
 * Parses identity text into a {@link KeyRing}. The text may hold several age identities
 * ({@code AGE-SECRET-KEY-1...}, one per line, {@code #} comments allowed, as in an age key file) and, when the
 * OpenPGP format is registered, armored OpenPGP secret keys. Further formats plug in through
 * {@link KeyFormats#register(KeyFormat)}: every registered format is asked, in registration order, for the
 * identities it recognises in the text, and the results are combined.
 */
public final class Identities {
    private Identities() {}

    /**
     * @throws KeyFormatException if the text holds no identity, or a damaged one (the message names the line, never
     *     its content)
     */
    public static KeyRing parse(String text, PassphraseSource passphrases) {
        List<Identity> identities = KeyFormats.parseIdentities(text == null ? "" : text, passphrases);
        if (identities.isEmpty()) {
            throw new KeyFormatException("No identity found. Expected age identities (lines starting with"
                    + " AGE-SECRET-KEY-1, as written by `jitploy keygen` or `age-keygen`)"
                    + (KeyFormats.supports("pgp") ? " or an armored OpenPGP secret key" : "")
                    + ". Check that you passed the private key file, not the public recipient.");
        }
        return KeyRing.of(identities);
    }
}
