package io.jitploy.coordination;

/**
 * Base of every refusal by the coordinator. Messages say what happened and what to do next; they carry names,
 * versions and ticket ids only.
 */
public class CoordinationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CoordinationException(String message) {
        super(message);
    }
}
