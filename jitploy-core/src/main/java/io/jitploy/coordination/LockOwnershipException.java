package io.jitploy.coordination;

/** Someone other than the owner tried to unlock, or there was no lock to take over. */
public final class LockOwnershipException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    LockOwnershipException(String message) {
        super(message);
    }
}
