package io.jitploy.access;

import io.jitploy.config.EnvironmentSpec;
import io.jitploy.config.JitployConfig;
import io.jitploy.config.Protection;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Where an environment's protection comes from, for services that act on environments by name. */
@FunctionalInterface
public interface ProtectionSource {
    /** Every environment unprotected. */
    ProtectionSource NONE = (application, environment) -> Protection.NONE;

    /** The protection of {@code environment} of {@code application}; {@link Protection#NONE} when not configured. */
    Protection protectionOf(String application, String environment);

    /** The rules for {@code environment} of {@code application}. */
    default EnvironmentAccess accessTo(String application, String environment) {
        return EnvironmentAccess.of(environment, protectionOf(application, environment));
    }

    /** The protection each application's configuration declares; unconfigured environments are unprotected. */
    static ProtectionSource of(Function<String, Optional<JitployConfig>> configOf) {
        Objects.requireNonNull(configOf, "configOf");
        return (application, environment) -> configOf.apply(application)
                .flatMap(config -> config.environment(environment))
                .map(EnvironmentSpec::protection)
                .orElse(Protection.NONE);
    }
}
