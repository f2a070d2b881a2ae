package io.jitploy.config;

import io.jitploy.ledger.Trigger;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The environment a deploy command runs with: the {@code JITPLOY_*} variables describing the deploy plus the
 * environment's decrypted variables.
 *
 * <p>The {@code JITPLOY_} prefix is reserved: a decrypted variable whose name starts with it (in any letter case,
 * because Windows agents ignore case) is rejected rather than silently overriding or being overridden, since
 * either choice would deploy with a value nobody meant.
 */
public final class DeployVariables {
    /** Prefix reserved for the variables Jitploy sets. */
    public static final String RESERVED_PREFIX = "JITPLOY_";

    private final Map<String, String> variables;

    private DeployVariables(Map<String, String> variables) {
        this.variables = Collections.unmodifiableMap(variables);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All variables, sorted by name. Holds decrypted values: never log it. */
    public Map<String, String> asMap() {
        return variables;
    }

    /**
     * Checks decrypted variable names against the reserved {@code JITPLOY_} prefix (in any letter case), for callers
     * that bind the decrypted variables next to {@link #asMap()} themselves.
     *
     * @param environment the environment whose env file the names come from, for the message
     * @throws ReservedVariableException naming the clashing variables (never their values)
     */
    public static void requireUnreserved(String environment, Collection<String> names) {
        List<String> clashes = names.stream()
                .filter(name -> name.toUpperCase(Locale.ROOT).startsWith(RESERVED_PREFIX))
                .sorted()
                .toList();
        if (!clashes.isEmpty()) {
            throw new ReservedVariableException(environment, clashes);
        }
    }

    /** Names only: the map holds secrets. */
    @Override
    public String toString() {
        return "DeployVariables" + variables.keySet();
    }

    /** Collects the deploy's facts; {@link #build} checks that the required ones are there. */
    public static final class Builder {
        private String application;
        private String environment;
        private String version;
        private String sha;
        private String previousVersion;
        private Trigger trigger;
        private URI url;
        private Map<String, String> decrypted = Map.of();

        private Builder() {}

        public Builder application(String value) {
            this.application = value;
            return this;
        }

        /** Sets the environment name and, when the environment has one, its URL. */
        public Builder environment(EnvironmentSpec value) {
            this.environment = value.name();
            this.url = value.url().orElse(url);
            return this;
        }

        public Builder environment(String value) {
            this.environment = value;
            return this;
        }

        public Builder version(String value) {
            this.version = value;
            return this;
        }

        public Builder sha(String value) {
            this.sha = value;
            return this;
        }

        /** The version live before this deploy; empty when this is the environment's first deploy. */
        public Builder previousVersion(Optional<String> value) {
            this.previousVersion = value.orElse(null);
            return this;
        }

        public Builder trigger(Trigger value) {
            this.trigger = value;
            return this;
        }

        public Builder url(URI value) {
            this.url = value;
            return this;
        }

        /** The environment's decrypted variables (from the env file). */
        public Builder decrypted(Map<String, String> value) {
            this.decrypted = Map.copyOf(value);
            return this;
        }

        /**
         * Builds the variables.
         *
         * @throws ReservedVariableException if a decrypted variable uses the {@code JITPLOY_} prefix
         * @throws NullPointerException if application, environment, version, sha or trigger is missing
         */
        public DeployVariables build() {
            Objects.requireNonNull(application, "application");
            Objects.requireNonNull(environment, "environment");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(sha, "sha");
            Objects.requireNonNull(trigger, "trigger");
            requireUnreserved(environment, decrypted.keySet());
            Map<String, String> all = new TreeMap<>(decrypted);
            all.put("JITPLOY_APP", application);
            all.put("JITPLOY_ENV", environment);
            all.put("JITPLOY_VERSION", version);
            all.put("JITPLOY_SHA", sha);
            all.put("JITPLOY_PREVIOUS_VERSION", previousVersion == null ? "" : previousVersion);
            all.put("JITPLOY_TRIGGER", trigger.variableValue());
            all.put("JITPLOY_URL", url == null ? "" : url.toString());
            return new DeployVariables(all);
        }
    }

    /** A decrypted variable uses a name Jitploy reserves. The message names the variables, never their values. */
    public static final class ReservedVariableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final transient List<String> names;

        ReservedVariableException(String environment, List<String> names) {
            super("the env file of '" + environment + "' defines " + String.join(", ", names)
                    + ", but names starting with " + RESERVED_PREFIX + " are reserved for the variables Jitploy sets."
                    + " Rename those keys with 'jitploy edit -e " + environment + "' (e.g. to an APP_ prefix)");
            this.names = List.copyOf(names);
        }

        public List<String> names() {
            return names;
        }
    }
}
