package io.jitploy.config;

import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Environment settings a Jenkins administrator sets on a folder, applied under every repository's
 * {@code .jitploy.yml} in it by {@link JitployConfig#mergeUnder}.
 *
 * @param environments per environment name, in the folder's order
 */
public record FolderDefaults(Map<String, FolderEnvironment> environments) {
    public static final FolderDefaults NONE = new FolderDefaults(Map.of());

    public FolderDefaults {
        environments = java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(environments, "environments")));
    }

    /** Application-level fields a folder can lock so that repositories cannot override them. */
    public enum LockableField {
        BRANCHES,
        FILE,
        DEPLOY,
        URL,
        HEALTH
    }

    /**
     * A folder's settings for one environment. Empty values mean "the folder says nothing".
     *
     * @param credentialsId Jenkins credentials id of the environment's identity; always the folder's
     * @param protection who may deploy/promote/lock, required approvals and allowed branches; the folder wins
     * @param freezes freeze windows added to the repository's (never replaced by them)
     * @param branches deploy mapping globs, used when the repository sets none or when locked
     * @param file encrypted env file path, used when the repository sets none or when locked
     * @param deploy deploy command, used when the repository sets none or when locked
     * @param url environment URL, used when the repository sets none or when locked
     * @param health health check, used when the repository sets none or when locked
     * @param promoteFrom the environment this one is promoted from; the folder's wins, because the path a release
     *     takes into an environment is the administrator's decision
     * @param locked application-level fields the repository may not override
     */
    public record FolderEnvironment(
            Optional<String> credentialsId,
            Optional<Protection> protection,
            List<FreezeWindow> freezes,
            List<String> branches,
            Optional<String> file,
            Optional<String> deploy,
            Optional<URI> url,
            Optional<HealthCheckSpec> health,
            Optional<String> promoteFrom,
            Set<LockableField> locked) {

        public FolderEnvironment {
            Objects.requireNonNull(credentialsId, "credentialsId");
            Objects.requireNonNull(protection, "protection");
            freezes = List.copyOf(Objects.requireNonNull(freezes, "freezes"));
            branches = List.copyOf(Objects.requireNonNull(branches, "branches"));
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(deploy, "deploy");
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(health, "health");
            Objects.requireNonNull(promoteFrom, "promoteFrom");
            locked = locked.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(locked));
            for (String glob : branches) {
                BranchGlob.parse(glob);
            }
        }

        /** A builder starting from "the folder says nothing". */
        public static Builder builder() {
            return new Builder();
        }

        /** Builds a {@link FolderEnvironment}; the plugin fills it from the folder property's form. */
        public static final class Builder {
            private String credentialsId;
            private Protection protection;
            private final List<FreezeWindow> freezes = new ArrayList<>();
            private final List<String> branches = new ArrayList<>();
            private String file;
            private String deploy;
            private URI url;
            private HealthCheckSpec health;
            private String promoteFrom;
            private final Set<LockableField> locked = EnumSet.noneOf(LockableField.class);

            private Builder() {}

            public Builder credentialsId(String value) {
                this.credentialsId = value;
                return this;
            }

            public Builder protection(Protection value) {
                this.protection = value;
                return this;
            }

            public Builder freeze(FreezeWindow value) {
                freezes.add(Objects.requireNonNull(value));
                return this;
            }

            public Builder branches(List<String> values) {
                branches.addAll(values);
                return this;
            }

            public Builder file(String value) {
                this.file = value;
                return this;
            }

            public Builder deploy(String value) {
                this.deploy = value;
                return this;
            }

            public Builder url(URI value) {
                this.url = value;
                return this;
            }

            public Builder health(HealthCheckSpec value) {
                this.health = value;
                return this;
            }

            public Builder promoteFrom(String value) {
                this.promoteFrom = value;
                return this;
            }

            /** Locks {@code field}: the folder's value (or the folder's "none") applies whatever the repository says. */
            public Builder lock(LockableField field) {
                locked.add(field);
                return this;
            }

            public FolderEnvironment build() {
                return new FolderEnvironment(
                        Optional.ofNullable(credentialsId),
                        Optional.ofNullable(protection),
                        freezes,
                        branches,
                        Optional.ofNullable(file),
                        Optional.ofNullable(deploy),
                        Optional.ofNullable(url),
                        Optional.ofNullable(health),
                        Optional.ofNullable(promoteFrom),
                        locked);
            }
        }
    }
}
