package io.jitploy.ledger;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the caller knows about a deploy attempt when it is first recorded; the ledger assigns the id and tracks the
 * state from there. Build with {@link #builder(String, String, String)}.
 *
 * @param queuedAt when the deploy was requested, or null to use the ledger's clock
 * @see Release for the meaning of each field
 */
public record ReleaseDraft(
        String application,
        String environment,
        String version,
        String sha,
        String ref,
        String buildUrl,
        Trigger trigger,
        String user,
        Instant queuedAt,
        SortedMap<String, String> configFingerprints,
        Instant commitTime,
        String promotedFrom,
        String rollbackOf,
        String note) {

    public ReleaseDraft {
        requireName(application, "application");
        requireName(environment, "environment");
        requireName(version, "version");
        Objects.requireNonNull(trigger, "trigger");
        configFingerprints = configFingerprints == null
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(configFingerprints));
    }

    private static void requireName(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A release needs a non-blank " + what + ".");
        }
    }

    /** Starts a draft for a push deploy of {@code version} by an unknown user; override with the setters. */
    public static Builder builder(String application, String environment, String version) {
        return new Builder(application, environment, version);
    }

    /** Fluent builder for {@link ReleaseDraft}. */
    public static final class Builder {
        private final String application;
        private final String environment;
        private final String version;
        private String sha;
        private String ref;
        private String buildUrl;
        private Trigger trigger = Trigger.PUSH;
        private String user = "unknown";
        private Instant queuedAt;
        private SortedMap<String, String> configFingerprints;
        private Instant commitTime;
        private String promotedFrom;
        private String rollbackOf;
        private String note;

        private Builder(String application, String environment, String version) {
            this.application = application;
            this.environment = environment;
            this.version = version;
        }

        public Builder sha(String value) {
            sha = value;
            return this;
        }

        public Builder ref(String value) {
            ref = value;
            return this;
        }

        public Builder buildUrl(String value) {
            buildUrl = value;
            return this;
        }

        public Builder trigger(Trigger value) {
            trigger = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder queuedAt(Instant value) {
            queuedAt = value;
            return this;
        }

        /** Key path → fingerprint from the env-file API; never pass values here. */
        public Builder configFingerprints(SortedMap<String, String> value) {
            configFingerprints = value;
            return this;
        }

        public Builder commitTime(Instant value) {
            commitTime = value;
            return this;
        }

        public Builder promotedFrom(String releaseId) {
            promotedFrom = releaseId;
            return this;
        }

        /** For a rollback: the earlier release whose version is restored. Also sets the trigger to ROLLBACK. */
        public Builder rollbackOf(String releaseId) {
            rollbackOf = releaseId;
            trigger = Trigger.ROLLBACK;
            return this;
        }

        public Builder note(String value) {
            note = value;
            return this;
        }

        public ReleaseDraft build() {
            return new ReleaseDraft(
                    application,
                    environment,
                    version,
                    sha,
                    ref,
                    buildUrl,
                    trigger,
                    user,
                    queuedAt,
                    configFingerprints,
                    commitTime,
                    promotedFrom,
                    rollbackOf,
                    note);
        }
    }
}
