package io.jitploy.access;

import java.time.Instant;
import java.util.Objects;

/**
 * One person's approval of a deploy.
 *
 * @param approver who approved, with their groups (an approval counts only from someone the action's list names)
 * @param at when
 */
public record Approval(Actor approver, Instant at) {
    public Approval {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(at, "at");
    }
}
