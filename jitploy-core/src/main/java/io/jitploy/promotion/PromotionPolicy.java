package io.jitploy.promotion;

import java.util.Optional;

/** The part of the deploy configuration promotion obeys; backed by {@code .jitploy.yml}. */
@FunctionalInterface
public interface PromotionPolicy {
    /** Any source may promote to any environment. */
    PromotionPolicy UNRESTRICTED = (application, environment) -> Optional.empty();

    /**
     * The environment {@code environment} must be promoted from, when its configuration declares
     * {@code promote_from}; empty when it accepts promotions from anywhere.
     */
    Optional<String> promoteFrom(String application, String environment);
}
