package io.jitploy.promotion;

import java.time.Instant;
import java.util.Optional;

/** Tells whether an environment is locked or frozen at an instant; backed by the deploy coordinator. */
@FunctionalInterface
public interface EnvironmentHolds {
    EnvironmentHolds NONE = (application, environment, at) -> Optional.empty();

    Optional<EnvironmentHold> activeHold(String application, String environment, Instant at);
}
