package io.jitploy.coordination;

import java.time.Instant;

/**
 * One waiting request as shown to users.
 *
 * @param ticketId the ticket, for cancelling
 * @param position 1 for the next request to start
 * @param requestedBy who queued it
 * @param version the version, or {@code null} for a hold
 * @param since when it was queued
 * @param waitingReason why it is not running yet, e.g. {@code "locked by alice until Tue 24 Nov 15:00 UTC: db
 *     migration"}
 */
public record QueueEntry(
        String ticketId, int position, String requestedBy, String version, Instant since, String waitingReason) {}
