package io.jitploy.coordination;

/** A waiting deploy was cancelled because a newer version was queued with {@code supersede=true}. */
public final class SupersededException extends CoordinationException {
    private static final long serialVersionUID = 1L;
    private final String newerVersion;

    SupersededException(Ticket ticket, String version, String newerVersion, String newerTicketId, String by) {
        super("deploy of " + version + " to " + ticket.key() + " (ticket " + ticket.id() + ") was superseded by "
                + newerVersion + " (ticket " + newerTicketId + ", queued by " + by + "); the newer version will "
                + "deploy instead. Queue without supersede if every version must be deployed.");
        this.newerVersion = newerVersion;
    }

    /** The version that replaced the cancelled one. */
    public String newerVersion() {
        return newerVersion;
    }
}
