package io.jitploy.coordination;

import io.jitploy.config.FreezeSchedule;
import io.jitploy.config.FreezeSchedule.ActiveFreeze;
import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An environment's freeze schedule and the hold it puts on the head of the queue: when to look again, and the
 * FREEZE_STARTED/FREEZE_ENDED announcements, made once per hold however often the queue is re-evaluated. Guarded,
 * like the rest of the environment's state, by its {@link EnvironmentQueue}'s lock.
 */
final class FreezeHold {
    private static final Duration MINIMUM_RECHECK = Duration.ofMinutes(1);

    private final EnvironmentKey key;
    private FreezeSchedule schedule = FreezeSchedule.NEVER;
    /** FREEZE_STARTED was announced and FREEZE_ENDED not yet; persisted so a restart does not announce it again. */
    private boolean holding;
    /** When the freeze holding the head ends (the queue's wake-up), else null; set by each evaluation. */
    private Instant wakeAt;

    FreezeHold(EnvironmentKey key) {
        this.key = key;
    }

    void schedule(FreezeSchedule value) {
        schedule = Objects.requireNonNull(value, "schedule");
    }

    Optional<ActiveFreeze> activeAt(Instant now) {
        return schedule.activeAt(now);
    }

    /** The queue starts evaluating its head: until {@link #hold} says otherwise, no freeze holds it. */
    void beginEvaluation() {
        wakeAt = null;
    }

    /** The freeze holds the head of the queue until it ends. */
    void hold(ActiveFreeze freeze, String description, Instant now, Effects fx) {
        // A schedule claiming a freeze that has already ended would make the wake-up fire in a loop.
        wakeAt = freeze.endsAt().isAfter(now) ? freeze.endsAt() : now.plus(MINIMUM_RECHECK);
        if (!holding) {
            holding = true;
            fx.publish(DeployEvent.of(EventType.FREEZE_STARTED, now, key.application(), key.environment())
                    .actor("jenkins")
                    .detail(description)
                    .attribute("endsAt", freeze.endsAt().toString())
                    .build());
        }
    }

    /** No freeze holds the queue any more (a deploy is about to start, or nothing waits). */
    void end(Instant now, Effects fx) {
        if (holding) {
            holding = false;
            fx.publish(DeployEvent.of(EventType.FREEZE_ENDED, now, key.application(), key.environment())
                    .actor("jenkins")
                    .detail("no deploy is held by a freeze any more")
                    .build());
        }
    }

    /** The evaluation is over: a hold it did not renew has ended. */
    void endEvaluation(Instant now, Effects fx) {
        if (wakeAt == null) {
            end(now, fx);
        }
    }

    /** When the queue must look again because the freeze ends, else null. */
    Instant wakeAt() {
        return wakeAt;
    }

    boolean holding() {
        return holding;
    }

    void restoreHolding(boolean value) {
        holding = value;
    }
}
