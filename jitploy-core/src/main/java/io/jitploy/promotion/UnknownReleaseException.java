package io.jitploy.promotion;

/** A release id that the ledger does not know. */
public final class UnknownReleaseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownReleaseException(String releaseId) {
        super("No release with id '" + releaseId + "' in the ledger. Check the id in the environment's release"
                + " history (the Releases view or the REST endpoint).");
    }
}
