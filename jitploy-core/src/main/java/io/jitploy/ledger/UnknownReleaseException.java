package io.jitploy.ledger;

/** No release with the given id is in the ledger (or in the environment asked about). */
public class UnknownReleaseException extends LedgerException {
    public UnknownReleaseException(String id) {
        super("No release with id '" + id + "' in the ledger. Check the id in the environment's history.");
    }

    public UnknownReleaseException(String id, String application, String environment) {
        super("No release with id '" + id + "' in " + application + "/" + environment
                + ". Check the id in that environment's history.");
    }
}
