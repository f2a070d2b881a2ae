package io.jitploy.envfile.keys;

import java.util.Optional;

/**
 * A private key that may open some of a file's wrapped data keys. Identities hold secret material: they never
 * print it in {@code toString()}, and {@link #destroy()} wipes what the implementation can wipe.
 */
public interface Identity {
    /** Name of the metadata list this identity can open: {@code age} or {@code pgp}. */
    String type();

    /**
     * Public identifier of this identity (its age recipient or PGP fingerprint), shown in error messages and
     * compared with {@link MasterKeyEntry#recipientId()}.
     */
    String publicId();

    /**
     * Tries to unwrap an entry. Returns empty when the entry is of another type or is not addressed to this
     * identity (age entries cannot tell without trying, so implementations must simply fail quietly).
     *
     * @return the unwrapped data key (the caller wipes it), or empty
     */
    Optional<byte[]> unwrap(MasterKeyEntry entry);

    /** Wipes key material held by this identity, where the underlying library allows. */
    default void destroy() {}
}
