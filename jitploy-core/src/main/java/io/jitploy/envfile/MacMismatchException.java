package io.jitploy.envfile;

/**
 * Every value decrypted, but the file MAC (which covers all values, their order and {@code lastmodified}) does not
 * match: values were swapped, removed or added, or the MAC or {@code lastmodified} was edited.
 */
public final class MacMismatchException extends TamperedFileException {
    private static final long serialVersionUID = 1L;

    public MacMismatchException(String message) {
        super(message);
    }

    public MacMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
