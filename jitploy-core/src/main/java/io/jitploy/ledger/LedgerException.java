package io.jitploy.ledger;

/** Base of every ledger failure. Messages say what went wrong and what to do about it. */
public class LedgerException extends RuntimeException {
    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
