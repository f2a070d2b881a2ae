package io.jitploy.envfile.keys;

import io.jitploy.envfile.KeyFormatException;

/** Supplies the passphrase of a protected private key (an OpenPGP secret key), e.g. by prompting the user. */
@FunctionalInterface
public interface PassphraseSource {
    /**
     * @param keyDescription public description of the key (fingerprint, user id), safe to display
     * @return the passphrase; the caller wipes the array after use
     */
    char[] passphrase(String keyDescription);

    /** A source for contexts without a user to ask: a protected key fails with an actionable error. */
    static PassphraseSource none() {
        return description -> {
            throw new KeyFormatException("The key " + description + " is protected by a passphrase and no passphrase"
                    + " source is available. Run interactively, or export an unprotected key for automation.");
        };
    }
}
