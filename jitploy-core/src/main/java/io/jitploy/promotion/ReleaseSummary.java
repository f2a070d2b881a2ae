package io.jitploy.promotion;

import io.jitploy.health.HealthResult;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the promotion rules need to know about one recorded deploy attempt. Holds names, versions and value
 * fingerprints only, never configuration values.
 *
 * @param id the ledger's release id
 * @param application the application
 * @param environment the environment it was deployed to
 * @param version the deployed version (usually the build's revision or tag)
 * @param sha the commit deployed
 * @param trigger why it was deployed
 * @param user who deployed it
 * @param result the attempt's state
 * @param queuedAt when it was recorded
 * @param finishedAt when it finished, or {@code null}
 * @param health the post-deploy health check, or {@code null} when none ran
 * @param badMark the quarantine mark, or {@code null} when not marked bad
 * @param irreversible whether it is a migration fence that rollbacks must not cross without force
 * @param configFingerprints config key path to value fingerprint, as used by the deploy
 */
public record ReleaseSummary(
        String id,
        String application,
        String environment,
        String version,
        String sha,
        Trigger trigger,
        String user,
        ReleaseResult result,
        Instant queuedAt,
        Instant finishedAt,
        HealthResult health,
        BadMark badMark,
        boolean irreversible,
        SortedMap<String, String> configFingerprints) {

    public ReleaseSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(result, "result");
        configFingerprints = configFingerprints == null
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(configFingerprints));
    }

    /** Who quarantined a release, when and why. */
    public record BadMark(String reason, String by, Instant at) {}

    public boolean isBad() {
        return badMark != null;
    }

    /** Whether a health check ran and failed. A release without a configured check is not unhealthy. */
    public boolean failedHealthCheck() {
        return health != null && !health.healthy();
    }

    /** Whether this attempt actually reached the environment (so its migrations, if any, ran). */
    public boolean reachedEnvironment() {
        return result != ReleaseResult.QUEUED && result != ReleaseResult.SUPERSEDED;
    }

    public Optional<HealthResult> healthResult() {
        return Optional.ofNullable(health);
    }

    /** A short human-readable label for messages: "v1.2 (abc1234, release r-17)". */
    public String label() {
        String shortSha = sha.length() > 7 ? sha.substring(0, 7) : sha;
        return version + " (" + shortSha + ", release " + id + ")";
    }
}
