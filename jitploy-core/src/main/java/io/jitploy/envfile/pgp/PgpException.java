package io.jitploy.envfile.pgp;

/**
 * An OpenPGP key or message could not be used. The message says what was wrong and how to fix it; it never contains
 * key material or decrypted data.
 */
public class PgpException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why an OpenPGP operation failed, so callers can map it to their own error types and exit codes. */
    public enum Reason {
        /** The key text is not an armored OpenPGP key of the expected kind. */
        MALFORMED_KEY,
        /** The key has no usable encryption (sub)key (expired, revoked, or sign-only). */
        NO_ENCRYPTION_KEY,
        /** The secret key is protected and the passphrase is missing or wrong. */
        WRONG_PASSPHRASE,
        /** The message is not encrypted to any key of this secret key ring. */
        NOT_A_RECIPIENT,
        /** The message is malformed, or its integrity check failed. */
        TAMPERED_MESSAGE
    }

    private final Reason reason;

    PgpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    PgpException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }
}
