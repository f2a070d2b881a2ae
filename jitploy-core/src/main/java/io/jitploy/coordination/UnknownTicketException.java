package io.jitploy.coordination;

/** No request with this ticket id is known (finished long ago, or never issued by this coordinator's state). */
public final class UnknownTicketException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    UnknownTicketException(String ticketId) {
        super("no deploy ticket '" + ticketId + "' is waiting or holding a slot: it finished, was cancelled, or "
                + "belongs to a coordinator state that was not restored. Queue the deploy again.");
    }
}
