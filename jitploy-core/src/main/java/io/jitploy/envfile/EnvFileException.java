package io.jitploy.envfile;

/**
 * Base of every error raised by the encrypted env file engine. Messages always say what was wrong and how to fix
 * it, and never contain a decrypted value, a data key or private key material: they may end up in build logs.
 */
public class EnvFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EnvFileException(String message) {
        super(message);
    }

    public EnvFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
