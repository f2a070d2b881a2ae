package io.jitploy.envfile;

/**
 * The file was modified outside Jitploy or sops after it was encrypted: a value does not authenticate under its
 * key path, or the MAC does not match the content (see {@link MacMismatchException}).
 */
public class TamperedFileException extends EnvFileException {
    private static final long serialVersionUID = 1L;

    public TamperedFileException(String message) {
        super(message);
    }

    public TamperedFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
