package io.jitploy.promotion;

import java.time.Instant;
import java.util.Optional;

/**
 * Why an environment cannot take a deploy right now.
 *
 * @param kind a lock (someone holds it) or a freeze (a schedule forbids deploys)
 * @param reason the lock's or freeze's stated reason
 * @param owner who holds the lock, or {@code null} for a freeze
 * @param until when it ends, if known
 */
public record EnvironmentHold(Kind kind, String reason, String owner, Optional<Instant> until) {
    public enum Kind {
        LOCKED,
        FROZEN
    }

    /** Renders the hold for a refusal message, e.g. "locked by alice until ... (db maintenance)". */
    String describe() {
        StringBuilder text = new StringBuilder(kind == Kind.LOCKED ? "locked" : "frozen");
        if (owner != null) {
            text.append(" by ").append(owner);
        }
        text.append(until.map(at -> " until " + at).orElse(kind == Kind.LOCKED ? " with no expiry" : ""));
        if (reason != null && !reason.isBlank()) {
            text.append(" (").append(reason).append(')');
        }
        return text.toString();
    }
}
