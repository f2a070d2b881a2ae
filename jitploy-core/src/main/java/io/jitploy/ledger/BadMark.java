package io.jitploy.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * Quarantine of a release: it can no longer be promoted or chosen as a rollback target.
 *
 * @param reason why the release is bad, as typed by the user
 * @param by who marked it
 * @param at when it was marked
 */
public record BadMark(String reason, String by, Instant at) {
    public BadMark {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }
}
