package io.jitploy.coordination;

/** Persisted coordinator state could not be read. */
public final class CoordinatorStateFormatException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    CoordinatorStateFormatException(String message, Throwable cause) {
        super(message);
        initCause(cause);
    }
}
