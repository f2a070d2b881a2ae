package io.jitploy.coordination;

/** The request was cancelled by id before (or while) holding the slot. */
public final class DeployCancelledException extends CoordinationException {
    private static final long serialVersionUID = 1L;
    private final String cancelledBy;

    DeployCancelledException(Ticket ticket, String what, String cancelledBy) {
        super(what + " on " + ticket.key() + " (ticket " + ticket.id() + ") was cancelled by " + cancelledBy
                + "; queue it again if it is still wanted.");
        this.cancelledBy = cancelledBy;
    }

    public String cancelledBy() {
        return cancelledBy;
    }
}
