package io.jitploy.envfile.keys;

import io.jitploy.envfile.KeyFormatException;
import java.time.Instant;

/**
 * A public key that a file's data key is wrapped for. Implementations exist for age X25519 ({@code age1...}) and,
 * when registered through {@link KeyFormats}, OpenPGP.
 */
public interface Recipient {
    /** Name of the metadata list the wrapped key goes into: {@code age} or {@code pgp}. */
    String type();

    /** Public identifier, the same string as {@link MasterKeyEntry#recipientId()} of the entries it writes. */
    String id();

    /**
     * Wraps a 32-byte data key for this recipient.
     *
     * @param dataKey the data key; not modified and not retained
     * @param now creation time, for entry types that record one ({@code created_at} of PGP entries)
     * @return the metadata entry, e.g. {@code {recipient, enc}} for age
     */
    MasterKeyEntry wrap(byte[] dataKey, Instant now);

    /**
     * Parses a recipient: an age X25519 recipient ({@code age1...}), or any format registered in
     * {@link KeyFormats} (OpenPGP public key or fingerprint once the PGP support is registered).
     *
     * @throws KeyFormatException if no registered format recognises the text
     */
    static Recipient parse(String text) {
        return KeyFormats.parseRecipient(text);
    }
}
