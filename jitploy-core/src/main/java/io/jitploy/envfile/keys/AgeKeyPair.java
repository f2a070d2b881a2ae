package io.jitploy.envfile.keys;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;
import java.security.GeneralSecurityException;
import java.security.KeyPair;

/**
 * A freshly generated age X25519 key pair: the identity ({@code AGE-SECRET-KEY-1...}, secret) and its recipient
 * ({@code age1...}, public). {@code toString()} shows only the recipient.
 */
public final class AgeKeyPair {
    private final String identity;
    private final String recipient;

    private AgeKeyPair(String identity, String recipient) {
        this.identity = identity;
        this.recipient = recipient;
    }

    /** Generates a new key pair from the platform's strong random source. */
    public static AgeKeyPair generate() {
        try {
            KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
            return new AgeKeyPair(pair.getPrivate().toString(), pair.getPublic().toString());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 key generation is unavailable in this JVM", e);
        }
    }

    /** The secret identity line, {@code AGE-SECRET-KEY-1...}: store it only in a private key file or credential. */
    public String identity() {
        return identity;
    }

    /** The public recipient, {@code age1...}. */
    public String recipient() {
        return recipient;
    }

    /** The recipient as a {@link Recipient}. */
    public Recipient toRecipient() {
        return AgeX25519Recipient.parse(recipient);
    }

    /** The identity as an {@link Identity} (destroy it when done). */
    public Identity toIdentity() {
        return AgeX25519Identity.parse(identity);
    }

    @Override
    public String toString() {
        return "AgeKeyPair[recipient=" + recipient + "]";
    }
}
