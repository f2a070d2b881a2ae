package io.jitploy.promotion;

import io.jitploy.config.FreezeSchedule;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.EnvironmentKey;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;

/** Tells whether an environment is locked or frozen at an instant. */
@FunctionalInterface
public interface EnvironmentHolds {
    EnvironmentHolds NONE = (application, environment, at) -> Optional.empty();

    Optional<EnvironmentHold> activeHold(String application, String environment, Instant at);

    /**
     * Holds as the deploy coordinator will see them when the deploy starts: its locks (an expired lock no longer
     * holds) and the environments' freeze schedules.
     *
     * @param freezes the freeze schedule of (application, environment), from the configuration
     */
    static EnvironmentHolds of(DeployCoordinator coordinator, BiFunction<String, String, FreezeSchedule> freezes) {
        Objects.requireNonNull(coordinator, "coordinator");
        Objects.requireNonNull(freezes, "freezes");
        return (application, environment, at) -> {
            Optional<EnvironmentHold> lock = coordinator
                    .lockOf(EnvironmentKey.of(application, environment))
                    .filter(l -> l.expiry().map(at::isBefore).orElse(true))
                    .map(l -> new EnvironmentHold(EnvironmentHold.Kind.LOCKED, l.reason(), l.owner(), l.expiry()));
            if (lock.isPresent()) {
                return lock;
            }
            return freezes.apply(application, environment)
                    .activeAt(at)
                    .map(f -> new EnvironmentHold(
                            EnvironmentHold.Kind.FROZEN, f.reason(), null, Optional.of(f.endsAt())));
        };
    }
}
