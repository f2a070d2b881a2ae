package io.jitploy.envfile.keys;

import io.jitploy.envfile.NoMatchingKeyException;
import io.jitploy.envfile.WrongKeyException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One or more identities used together to open a file, the way {@code sops} tries every key it finds. Closing the
 * ring destroys the identities' key material.
 */
public final class KeyRing implements AutoCloseable {
    private final List<Identity> identities;

    private KeyRing(List<Identity> identities) {
        this.identities = List.copyOf(identities);
    }

    public static KeyRing of(List<? extends Identity> identities) {
        return new KeyRing(new ArrayList<>(identities));
    }

    public static KeyRing of(Identity... identities) {
        return new KeyRing(Arrays.asList(identities));
    }

    /** A ring holding the identities of both rings (this one first). */
    public KeyRing plus(KeyRing other) {
        List<Identity> all = new ArrayList<>(identities);
        all.addAll(other.identities);
        return new KeyRing(all);
    }

    public List<Identity> identities() {
        return identities;
    }

    /** Public identifiers of the identities, for messages. */
    public List<String> publicIds() {
        return identities.stream().map(Identity::publicId).toList();
    }

    /**
     * Opens the data key from the first entry one of the identities can unwrap. Entries whose recipient matches an
     * identity are tried first.
     *
     * @return a fresh 32-byte data key array; the caller wipes it
     * @throws NoMatchingKeyException when no identity is a recipient of any entry
     * @throws WrongKeyException when an identity matches an entry's recipient but cannot open it
     */
    public byte[] unwrapDataKey(List<MasterKeyEntry> entries) {
        List<String> matchedButFailed = new ArrayList<>();
        for (MasterKeyEntry entry : entries) {
            for (Identity identity : identities) {
                if (!identity.type().equals(entry.type())
                        || !identity.publicId().equals(entry.recipientId())) {
                    continue;
                }
                Optional<byte[]> key = identity.unwrap(entry);
                if (key.isPresent()) {
                    return checked(key.get());
                }
                matchedButFailed.add(entry.recipientId());
            }
        }
        // The recipient field is informational (sops ignores it when decrypting), so try every pair.
        for (MasterKeyEntry entry : entries) {
            for (Identity identity : identities) {
                if (identity.type().equals(entry.type()) && !identity.publicId().equals(entry.recipientId())) {
                    Optional<byte[]> key = identity.unwrap(entry);
                    if (key.isPresent()) {
                        return checked(key.get());
                    }
                }
            }
        }
        if (!matchedButFailed.isEmpty()) {
            throw new WrongKeyException("Your key matches recipient " + String.join(", ", matchedButFailed)
                    + " of this file, but its wrapped data key could not be opened: the `enc` block in the file's"
                    + " sops metadata was modified or damaged. Restore the file from version control, or open it"
                    + " with another recipient's key and run `jitploy rotate`.");
        }
        throw new NoMatchingKeyException(
                entries.stream().map(e -> e.type() + " " + e.recipientId()).toList(),
                identities.stream().map(i -> i.type() + " " + i.publicId()).toList());
    }

    private static byte[] checked(byte[] key) {
        if (key.length != 32) {
            Arrays.fill(key, (byte) 0);
            throw new WrongKeyException("The unwrapped data key has " + key.length + " bytes instead of 32: the"
                    + " file's key metadata is damaged or was written by an incompatible tool. Restore the file"
                    + " from version control.");
        }
        return key;
    }

    /** Destroys the identities' key material. */
    @Override
    public void close() {
        identities.forEach(Identity::destroy);
    }

    @Override
    public String toString() {
        return "KeyRing" + publicIds();
    }
}
