package io.jitploy.ledger;

import io.jitploy.health.HealthResult;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One deploy attempt of a version to an environment, as recorded in the {@link ReleaseLedger}. Immutable: every
 * state change produces a new value with the same {@link #id()}.
 *
 * @param id ledger-wide unique id, sortable in creation order (see {@link ReleaseLedger})
 * @param application the application name
 * @param environment the environment name
 * @param version the version label deployed (tag, build number, ...)
 * @param sha the commit deployed, or null if unknown
 * @param ref the branch or tag the version came from, or null
 * @param buildUrl the URL of the build that deployed it, or null
 * @param trigger why the deploy happened
 * @param user who asked for it
 * @param queuedAt when it was recorded
 * @param startedAt when it got the deploy slot, or null
 * @param finishedAt when it reached a final result, or null
 * @param result the current state
 * @param health the health check result, or null if none ran
 * @param note free text attached by a user, or null
 * @param bad the quarantine mark, or null if the release is not marked bad
 * @param irreversibleMark the migration fence mark, or null
 * @param configFingerprints config key path → value fingerprint used by the deploy; never values
 * @param commitTime when the deployed commit was made (for lead time), or null
 * @param promotedFrom for a promotion, the id of the release in the source environment, or null
 * @param rollbackOf for a rollback, the id of the earlier release of this environment whose version is restored
 *     (the rollback target), or null
 */
public record Release(
        String id,
        String application,
        String environment,
        String version,
        String sha,
        String ref,
        String buildUrl,
        Trigger trigger,
        String user,
        Instant queuedAt,
        Instant startedAt,
        Instant finishedAt,
        ReleaseResult result,
        HealthResult health,
        String note,
        BadMark bad,
        IrreversibleMark irreversibleMark,
        SortedMap<String, String> configFingerprints,
        Instant commitTime,
        String promotedFrom,
        String rollbackOf) {

    public Release {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(queuedAt, "queuedAt");
        Objects.requireNonNull(result, "result");
        configFingerprints = configFingerprints == null
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(configFingerprints));
    }

    /** Whether the release is a migration fence that a rollback may only cross with force. */
    public boolean irreversible() {
        return irreversibleMark != null;
    }

    /** Whether the release is quarantined. */
    public boolean isBad() {
        return bad != null;
    }

    Release started(Instant at) {
        return evolve(at, finishedAt, ReleaseResult.RUNNING, health, note, bad, irreversibleMark);
    }

    /** A null {@code newHealth} keeps a result recorded earlier with {@code recordHealth}. */
    Release finished(ReleaseResult newResult, Instant at, HealthResult newHealth) {
        HealthResult keptHealth = newHealth == null ? health : newHealth;
        return evolve(startedAt, at, newResult, keptHealth, note, bad, irreversibleMark);
    }

    Release withResult(ReleaseResult newResult) {
        return evolve(startedAt, finishedAt, newResult, health, note, bad, irreversibleMark);
    }

    Release withHealth(HealthResult newHealth) {
        return evolve(startedAt, finishedAt, result, newHealth, note, bad, irreversibleMark);
    }

    Release withBad(BadMark mark) {
        return evolve(startedAt, finishedAt, result, health, note, mark, irreversibleMark);
    }

    Release withIrreversible(IrreversibleMark mark) {
        return evolve(startedAt, finishedAt, result, health, note, bad, mark);
    }

    Release withNote(String newNote) {
        return evolve(startedAt, finishedAt, result, health, newNote, bad, irreversibleMark);
    }

    /** The same release with new values for the fields that change after it is recorded. */
    private Release evolve(
            Instant newStartedAt,
            Instant newFinishedAt,
            ReleaseResult newResult,
            HealthResult newHealth,
            String newNote,
            BadMark newBad,
            IrreversibleMark newIrreversible) {
        return new Release(
                id,
                application,
                environment,
                version,
                sha,
                ref,
                buildUrl,
                trigger,
                user,
                queuedAt,
                newStartedAt,
                newFinishedAt,
                newResult,
                newHealth,
                newNote,
                newBad,
                newIrreversible,
                configFingerprints,
                commitTime,
                promotedFrom,
                rollbackOf);
    }
}
