package io.jitploy.coordination;

import java.time.Instant;

/**
 * Who holds an environment's deploy slot.
 *
 * @param ticketId the holder's ticket (cancel it by id to free the slot)
 * @param requestedBy who holds it
 * @param version the version being deployed, or {@code null} for a hold
 * @param reason the request's reason, or {@code null}
 * @param since when the slot was granted
 */
public record SlotHolder(String ticketId, String requestedBy, String version, String reason, Instant since) {}
