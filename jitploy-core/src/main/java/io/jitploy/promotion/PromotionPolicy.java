package io.jitploy.promotion;

import io.jitploy.config.EnvironmentSpec;
import io.jitploy.config.JitployConfig;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** The part of the deploy configuration promotion obeys. */
@FunctionalInterface
public interface PromotionPolicy {
    /** Any source may promote to any environment. */
    PromotionPolicy UNRESTRICTED = (application, environment) -> Optional.empty();

    /**
     * The environment {@code environment} must be promoted from, when its configuration declares
     * {@code promote_from}; empty when it accepts promotions from anywhere.
     */
    Optional<String> promoteFrom(String application, String environment);

    /** The policy of each application's {@code .jitploy.yml}; an application without one is unrestricted. */
    static PromotionPolicy of(Function<String, Optional<JitployConfig>> configOf) {
        Objects.requireNonNull(configOf, "configOf");
        return (application, environment) -> configOf.apply(application)
                .flatMap(config -> config.environment(environment))
                .flatMap(EnvironmentSpec::promoteFrom);
    }
}
