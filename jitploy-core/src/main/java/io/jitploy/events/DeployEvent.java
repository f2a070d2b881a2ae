package io.jitploy.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened to an (application, environment). Carries names, versions and ids only, never a
 * configuration value, so events can be logged and shown anywhere.
 *
 * @param type what happened
 * @param at when it happened
 * @param application the application (usually the top-level Jenkins item or repository name)
 * @param environment the environment name
 * @param releaseId the release concerned, or {@code null} for lock and freeze events
 * @param version the version concerned, or {@code null}
 * @param actor who caused it (user id, or {@code "jenkins"} for automatic actions), or {@code null}
 * @param detail a short human-readable reason or note, or {@code null}
 * @param attributes further named facts (e.g. {@code "supersededBy"}, {@code "from"}), never secrets
 */
public record DeployEvent(
        EventType type,
        Instant at,
        String application,
        String environment,
        String releaseId,
        String version,
        String actor,
        String detail,
        Map<String, String> attributes) {

    public DeployEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** Starts an event for the given environment; the other fields are optional. */
    public static Builder of(EventType type, Instant at, String application, String environment) {
        return new Builder(type, at, application, environment);
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** Fluent construction, because most events set only two or three of the optional fields. */
    public static final class Builder {
        private final EventType type;
        private final Instant at;
        private final String application;
        private final String environment;
        private String releaseId;
        private String version;
        private String actor;
        private String detail;
        private final java.util.LinkedHashMap<String, String> attributes = new java.util.LinkedHashMap<>();

        private Builder(EventType type, Instant at, String application, String environment) {
            this.type = type;
            this.at = at;
            this.application = application;
            this.environment = environment;
        }

        public Builder release(String releaseId) {
            this.releaseId = releaseId;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder actor(String actor) {
            this.actor = actor;
            return this;
        }

        public Builder detail(String detail) {
            this.detail = detail;
            return this;
        }

        public Builder attribute(String name, String value) {
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        public DeployEvent build() {
            return new DeployEvent(type, at, application, environment, releaseId, version, actor, detail, attributes);
        }
    }
}
