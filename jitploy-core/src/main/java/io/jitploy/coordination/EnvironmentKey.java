package io.jitploy.coordination;

import java.util.Objects;

/**
 * Identifies one deploy target: an environment of an application. Every queue, slot, lock and freeze is kept
 * per key, so deploys of different applications or environments never wait for each other.
 *
 * @param application the application (usually the repository or top-level Jenkins item name)
 * @param environment the environment name from {@code .jitploy.yml}
 */
public record EnvironmentKey(String application, String environment) {
    public EnvironmentKey {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        if (application.isBlank() || environment.isBlank()) {
            throw new IllegalArgumentException(
                    "application and environment must not be blank (got '" + application + "/" + environment + "')");
        }
    }

    public static EnvironmentKey of(String application, String environment) {
        return new EnvironmentKey(application, environment);
    }

    /** {@code application/environment}, as shown to users. */
    @Override
    public String toString() {
        return application + "/" + environment;
    }
}
