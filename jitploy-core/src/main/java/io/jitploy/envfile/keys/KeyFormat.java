package io.jitploy.envfile.keys;

import java.util.List;
import java.util.Optional;

/**
 * A kind of key (age, OpenPGP, ...) that {@link Recipient#parse(String)} and {@link Identities#parse(String,
 * PassphraseSource)} understand. Register new kinds with {@link KeyFormats#register(KeyFormat)}.
 */
public interface KeyFormat {
    /** Metadata list name handled by this format: {@code age}, {@code pgp}. */
    String type();

    /** The recipient described by the text, or empty if the text is not in this format. */
    Optional<Recipient> parseRecipient(String text);

    /**
     * Identities of this format found in the text (a key file may hold several keys and comments). Returns an
     * empty list when the text holds none; throws {@link io.jitploy.envfile.KeyFormatException} when it holds a
     * key of this format that is damaged.
     */
    List<Identity> parseIdentities(String text, PassphraseSource passphrases);
}
