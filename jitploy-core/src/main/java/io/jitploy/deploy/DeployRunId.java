package io.jitploy.deploy;

import java.util.Objects;

/**
 * What a caller persists to find its deploy again after a controller restart: the ledger's release id and the
 * coordinator's ticket id. {@link #toString()} and {@link #parse} round-trip, so one string field suffices.
 */
public record DeployRunId(String releaseId, String ticketId) {
    public DeployRunId {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(ticketId, "ticketId");
        if (releaseId.contains("@")) {
            throw new IllegalArgumentException("release id must not contain '@': " + releaseId);
        }
    }

    public static DeployRunId parse(String text) {
        int at = text.indexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new IllegalArgumentException("Not a deploy run id: '" + text
                    + "'. Expected RELEASE@TICKET as returned by DeployRun.id().toString().");
        }
        return new DeployRunId(text.substring(0, at), text.substring(at + 1));
    }

    @Override
    public String toString() {
        return releaseId + "@" + ticketId;
    }
}
