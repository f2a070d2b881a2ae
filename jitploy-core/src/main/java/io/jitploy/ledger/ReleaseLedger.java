package io.jitploy.ledger;

import io.jitploy.health.HealthResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The durable record of every deploy attempt, and the queries the deploy path and the views need.
 *
 * <p><b>Ids.</b> Release ids are {@code r} followed by a ten-digit, zero-padded ledger-wide sequence number
 * ({@code r0000000042}): unique in the ledger, and sorting them as strings sorts them in creation order.
 *
 * <p><b>Live release.</b> The live release of an environment is the succeeded release that finished last. When a
 * release recorded with {@link Trigger#ROLLBACK} succeeds, the release that was live until then becomes {@link
 * ReleaseResult#ROLLED_BACK}. When a health check recorded with {@link #recordHealth} fails on a succeeded
 * release, it becomes {@link ReleaseResult#FAILED} and the previous succeeded release is live again.
 *
 * <p><b>Durability.</b> Every method that changes state returns only after the change is on disk (for the file
 * implementation). Implementations are safe for concurrent use.
 */
public interface ReleaseLedger extends AutoCloseable {

    /** Records a new deploy attempt in state {@link ReleaseResult#QUEUED}. */
    Release record(ReleaseDraft draft);

    /** The deploy got its slot and is running. Only a queued release can start. */
    Release markStarted(String id, Instant at);

    /**
     * Records the final result of a queued or running release.
     *
     * @param result any finished result except {@link ReleaseResult#ROLLED_BACK}, which the ledger sets itself
     * @param health the health check result, or null if none ran
     * @throws ReleaseStateException if the release is already finished
     */
    Release finish(String id, ReleaseResult result, Instant at, HealthResult health);

    /**
     * Attaches a health check result that arrived after {@link #finish}. An unhealthy result turns a succeeded
     * release into a failed one.
     */
    Release recordHealth(String id, HealthResult health);

    /** Quarantines a release: it can no longer be promoted or chosen as a rollback target. */
    Release markBad(String id, String reason, String by);

    /** Marks a release as a migration fence that rollbacks may only cross with force. */
    Release markIrreversible(String id, String by);

    /** Replaces the release's note (null clears it). */
    Release setNote(String id, String note);

    /** The live release of the environment, in constant time. */
    Optional<Release> live(String application, String environment);

    /** Page {@code page} (0 = newest) of the environment's history, newest first. */
    HistoryPage history(String application, String environment, int page, int size);

    /**
     * The page of history after {@code cursor} (from {@link HistoryPage#nextCursor()}), or the first page when
     * {@code cursor} is null.
     */
    HistoryPage history(String application, String environment, String cursor, int size);

    Optional<Release> byId(String id);

    /**
     * The newest release recorded before {@code releaseId} in the same environment that succeeded and is not bad:
     * the default rollback target. Reports what was skipped and the irreversible releases in between.
     *
     * @throws UnknownReleaseException if {@code releaseId} is not a release of that environment
     */
    LastGood lastGoodBefore(String application, String environment, String releaseId);

    /** Environment name → live release, for every environment of the application that has one, sorted by name. */
    SortedMap<String, Release> liveMatrix(String application);

    /**
     * Every release still {@link ReleaseResult#QUEUED} or {@link ReleaseResult#RUNNING}, in every application and
     * environment, oldest first. Costs the number of such releases, not the history's length: meant for start-up,
     * to find deploys a crash left unfinished.
     */
    List<Release> unfinished();

    /** DORA metrics of one environment over {@code [from, to)}. */
    DoraMetrics dora(String application, String environment, Instant from, Instant to);

    /** Closes the ledger; nothing changes on disk afterwards. */
    @Override
    void close();

    /** A ledger kept in memory only, for tests and tools that need no durability. */
    static ReleaseLedger inMemory(Clock clock) {
        return new MemoryReleaseLedger(clock);
    }
}
