package io.jitploy.ledger;

/** A state change that the release's current state does not allow, such as finishing a release twice. */
public class ReleaseStateException extends LedgerException {
    public ReleaseStateException(String message) {
        super(message);
    }
}
