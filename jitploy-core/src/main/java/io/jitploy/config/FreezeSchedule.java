package io.jitploy.config;

import java.time.Instant;
import java.util.Optional;

/**
 * Answers whether an environment is frozen at a given instant. Coordination asks it when a deploy would
 * start, never when it was queued.
 */
@FunctionalInterface
public interface FreezeSchedule {
    FreezeSchedule NEVER = now -> Optional.empty();

    Optional<ActiveFreeze> activeAt(Instant now);

    /**
     * A freeze in force.
     *
     * @param reason what the freeze is (shown to users, e.g. "weekend freeze (Fri 18:00 Europe/Paris, 62h)")
     * @param endsAt when it lifts; held deploys resume then
     */
    record ActiveFreeze(String reason, Instant endsAt) {}
}
