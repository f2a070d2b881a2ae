package io.jitploy.envfile;

/**
 * A recipient or identity string could not be parsed. The message names the expected formats; it never repeats
 * the offending text, which may be private key material.
 */
public final class KeyFormatException extends EnvFileException {
    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
