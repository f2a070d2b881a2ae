package io.jitploy.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * A migration fence: rolling back across this release needs an explicit force, because it changed something (for
 * example a database schema) that older versions cannot cope with.
 *
 * @param by who marked it
 * @param at when it was marked
 */
public record IrreversibleMark(String by, Instant at) {
    public IrreversibleMark {
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
    }
}
