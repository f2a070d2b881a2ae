package io.jitploy.ledger;

import io.jitploy.health.HealthResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The in-memory indexes of a ledger, rebuilt at open by replaying events. Not thread-safe: the ledger guards it.
 *
 * <p>Why these structures: the deploy path asks "what is live here?" on every deploy, so each environment keeps a
 * pointer to its live entry (a hash lookup plus a field read). History is an append-only list per environment, so
 * a page is a slice read backwards from the end, never a scan. Succeeded releases are also kept in finish order so
 * that when the live one stops counting (rolled back, failed health check) the previous one is found in log time.
 */
final class LedgerState {
    /** A release plus where it sits in its environment's history. */
    static final class Entry {
        Release release;
        final int position;
        /** Sequence number of the event that finished it; orders "finished last" for the live pointer. */
        long finishSeq;

        Entry(Release release, int position) {
            this.release = release;
            this.position = position;
        }
    }

    private static final class EnvHistory {
        final List<Entry> entries = new ArrayList<>();
        final TreeMap<Long, Entry> succeededByFinish = new TreeMap<>();
        Entry live;

        void refreshLive() {
            Map.Entry<Long, Entry> last = succeededByFinish.lastEntry();
            live = last == null ? null : last.getValue();
        }
    }

    private final Map<String, Entry> byId = new HashMap<>();
    private final List<Entry> all = new ArrayList<>();
    private final Map<EnvKey, EnvHistory> envs = new HashMap<>();
    private final Map<String, TreeMap<String, EnvHistory>> envsByApp = new HashMap<>();
    /**
     * Releases still queued or running, by id (creation order). Nearly always a handful, whatever the history's
     * length, so that a start-up check for deploys a crash left unfinished reads only these.
     */
    private final TreeMap<String, Entry> unfinished = new TreeMap<>();

    private long lastSeq;
    private long releaseCount;

    long lastSeq() {
        return lastSeq;
    }

    long releaseCount() {
        return releaseCount;
    }

    int size() {
        return byId.size();
    }

    static String idFor(long number) {
        return String.format("r%010d", number);
    }

    // ---- validation: build the event for a requested change, or refuse it ----

    LedgerEvent.Created created(long seq, Instant at, ReleaseDraft d) {
        if (d.rollbackOf() != null) {
            Entry target = byId.get(d.rollbackOf());
            if (target == null || !EnvKey.of(target.release).equals(new EnvKey(d.application(), d.environment()))) {
                throw new UnknownReleaseException(d.rollbackOf(), d.application(), d.environment());
            }
        }
        if (d.promotedFrom() != null) {
            Entry source = byId.get(d.promotedFrom());
            if (source == null || !source.release.application().equals(d.application())) {
                throw new UnknownReleaseException(d.promotedFrom());
            }
        }
        Instant queuedAt = d.queuedAt() == null ? at : d.queuedAt();
        Release release = new Release(
                idFor(releaseCount + 1),
                d.application(),
                d.environment(),
                d.version(),
                d.sha(),
                d.ref(),
                d.buildUrl(),
                d.trigger(),
                d.user(),
                queuedAt,
                null,
                null,
                ReleaseResult.QUEUED,
                null,
                d.note(),
                null,
                null,
                d.configFingerprints(),
                d.commitTime(),
                d.promotedFrom(),
                d.rollbackOf());
        return new LedgerEvent.Created(seq, at, release);
    }

    LedgerEvent.Started started(long seq, String id, Instant at) {
        Release r = require(id);
        if (r.result() != ReleaseResult.QUEUED) {
            throw new ReleaseStateException("Release " + id + " cannot start: it is " + r.result()
                    + ", and only a QUEUED release can start. Record a new release to deploy again.");
        }
        return new LedgerEvent.Started(seq, at, id);
    }

    LedgerEvent.Finished finished(long seq, String id, ReleaseResult result, Instant at, HealthResult health) {
        Release r = require(id);
        if (!result.isFinished() || result == ReleaseResult.ROLLED_BACK) {
            throw new IllegalArgumentException("finish() takes SUCCEEDED, FAILED, ABORTED or SUPERSEDED, not " + result
                    + ": the ledger sets ROLLED_BACK itself when a rollback succeeds.");
        }
        if (r.result().isFinished()) {
            throw new ReleaseStateException("Release " + id + " is already finished as " + r.result()
                    + "; a release is finished once. Use recordHealth() to attach a late health check result.");
        }
        return new LedgerEvent.Finished(seq, at, id, result, health);
    }

    LedgerEvent.HealthRecorded healthRecorded(long seq, String id, HealthResult health, Instant at) {
        require(id);
        if (health == null) {
            throw new IllegalArgumentException("recordHealth() needs a health result.");
        }
        return new LedgerEvent.HealthRecorded(seq, at, id, health);
    }

    LedgerEvent.MarkedBad markedBad(long seq, String id, String reason, String by, Instant at) {
        Release r = require(id);
        requireText(reason, "a reason for marking the release bad");
        requireText(by, "who marks the release bad");
        if (r.bad() != null) {
            throw new ReleaseStateException("Release " + id + " is already marked bad by "
                    + r.bad().by() + " at " + r.bad().at() + "; nothing to do.");
        }
        return new LedgerEvent.MarkedBad(seq, at, id, reason, by);
    }

    LedgerEvent.MarkedIrreversible markedIrreversible(long seq, String id, String by, Instant at) {
        require(id);
        requireText(by, "who marks the release irreversible");
        return new LedgerEvent.MarkedIrreversible(seq, at, id, by);
    }

    LedgerEvent.NoteSet noteSet(long seq, String id, String note, Instant at) {
        require(id);
        return new LedgerEvent.NoteSet(seq, at, id, note);
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Give " + what + ".");
        }
    }

    Release require(String id) {
        Entry entry = byId.get(id);
        if (entry == null) {
            throw new UnknownReleaseException(id);
        }
        return entry.release;
    }

    // ---- applying events (shared by live writes and replay) ----

    /**
     * Applies an event. Throws {@link IllegalStateException} if it does not fit the state, which during replay
     * means the log is inconsistent.
     */
    void apply(LedgerEvent event) {
        if (event.seq() != lastSeq + 1) {
            throw new IllegalStateException("record sequence " + event.seq() + " follows " + lastSeq + " (expected "
                    + (lastSeq + 1) + "): records are missing or duplicated");
        }
        if (event instanceof LedgerEvent.Created created) {
            Release release = created.release();
            if (byId.containsKey(release.id()) || !release.id().equals(idFor(releaseCount + 1))) {
                throw new IllegalStateException("release id " + release.id() + " is out of order");
            }
            add(release, 0);
            releaseCount++;
        } else {
            Entry entry = byId.get(event.id());
            if (entry == null) {
                throw new IllegalStateException("record refers to unknown release " + event.id());
            }
            EnvHistory env = envs.get(EnvKey.of(entry.release));
            if (event instanceof LedgerEvent.Started started) {
                entry.release = entry.release.started(started.at());
            } else if (event instanceof LedgerEvent.Finished finished) {
                applyFinished(env, entry, finished);
            } else if (event instanceof LedgerEvent.HealthRecorded recorded) {
                entry.release = entry.release.withHealth(recorded.health());
                if (!recorded.health().healthy() && entry.release.result() == ReleaseResult.SUCCEEDED) {
                    entry.release = entry.release.withResult(ReleaseResult.FAILED);
                    env.succeededByFinish.remove(entry.finishSeq);
                }
            } else if (event instanceof LedgerEvent.MarkedBad bad) {
                entry.release = entry.release.withBad(new BadMark(bad.reason(), bad.by(), bad.at()));
            } else if (event instanceof LedgerEvent.MarkedIrreversible fence) {
                entry.release = entry.release.withIrreversible(new IrreversibleMark(fence.by(), fence.at()));
            } else if (event instanceof LedgerEvent.NoteSet note) {
                entry.release = entry.release.withNote(note.note());
            }
            env.refreshLive();
        }
        lastSeq = event.seq();
    }

    private void applyFinished(EnvHistory env, Entry entry, LedgerEvent.Finished finished) {
        entry.release = entry.release.finished(finished.result(), finished.at(), finished.health());
        entry.finishSeq = finished.seq();
        unfinished.remove(entry.release.id());
        if (finished.result() != ReleaseResult.SUCCEEDED) {
            return;
        }
        // A failed health check may already have put the rollback target back in place as live; the target
        // itself was good and must stay a rollback candidate, so only a different live release is rolled back.
        if (entry.release.trigger() == Trigger.ROLLBACK
                && env.live != null
                && !env.live.release.id().equals(entry.release.rollbackOf())) {
            Entry replaced = env.live;
            replaced.release = replaced.release.withResult(ReleaseResult.ROLLED_BACK);
            env.succeededByFinish.remove(replaced.finishSeq);
        }
        env.succeededByFinish.put(entry.finishSeq, entry);
    }

    private void add(Release release, long finishSeq) {
        EnvKey key = EnvKey.of(release);
        EnvHistory env = envs.computeIfAbsent(key, k -> {
            EnvHistory created = new EnvHistory();
            envsByApp.computeIfAbsent(k.application(), a -> new TreeMap<>()).put(k.environment(), created);
            return created;
        });
        Entry entry = new Entry(release, env.entries.size());
        entry.finishSeq = finishSeq;
        env.entries.add(entry);
        all.add(entry);
        byId.put(release.id(), entry);
        if (!release.result().isFinished()) {
            unfinished.put(release.id(), entry);
        }
        if (release.result() == ReleaseResult.SUCCEEDED) {
            env.succeededByFinish.put(finishSeq, entry);
            env.refreshLive();
        }
    }

    // ---- snapshot support ----

    /** Every entry in creation order. */
    List<Entry> entriesInOrder() {
        return new ArrayList<>(all);
    }

    /**
     * The releases as of now, for a snapshot. Releases are immutable, so this copies references only: cheap enough
     * for the commit path, while the slow part (serializing and writing) happens elsewhere.
     */
    SnapshotFile.Image image(SegmentLog.Position position) {
        List<Release> releases = new ArrayList<>(all.size());
        List<Long> finishSeqs = new ArrayList<>(all.size());
        for (Entry entry : all) {
            releases.add(entry.release);
            finishSeqs.add(entry.finishSeq);
        }
        return new SnapshotFile.Image(lastSeq, releaseCount, position, releases, finishSeqs);
    }

    /** Forgets everything, to replay from the start. */
    void clear() {
        byId.clear();
        all.clear();
        envs.clear();
        envsByApp.clear();
        unfinished.clear();
        lastSeq = 0;
        releaseCount = 0;
    }

    /** Rebuilds the state from a snapshot. */
    void restore(SnapshotFile.Image image) {
        for (int i = 0; i < image.releases().size(); i++) {
            add(image.releases().get(i), image.finishSeqs().get(i));
        }
        lastSeq = image.lastSeq();
        releaseCount = image.releaseCount();
    }

    // ---- queries ----

    Optional<Release> live(String application, String environment) {
        EnvHistory env = envs.get(new EnvKey(application, environment));
        return env == null || env.live == null ? Optional.empty() : Optional.of(env.live.release);
    }

    Optional<Release> byId(String id) {
        Entry entry = byId.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.release);
    }

    HistoryPage historyPage(String application, String environment, int page, int size) {
        requirePageSize(size);
        if (page < 0) {
            throw new IllegalArgumentException("Page numbers start at 0 (newest), got " + page + ".");
        }
        EnvHistory env = envs.get(new EnvKey(application, environment));
        if (env == null) {
            return new HistoryPage(List.of(), null, 0);
        }
        long start = env.entries.size() - 1L - (long) page * size;
        return slice(env, start, size);
    }

    HistoryPage historyAfter(String application, String environment, String cursor, int size) {
        requirePageSize(size);
        EnvHistory env = envs.get(new EnvKey(application, environment));
        if (env == null) {
            return new HistoryPage(List.of(), null, 0);
        }
        if (cursor == null) {
            return slice(env, env.entries.size() - 1L, size);
        }
        Entry at = byId.get(cursor);
        if (at == null || !EnvKey.of(at.release).equals(new EnvKey(application, environment))) {
            throw new IllegalArgumentException("History cursor '" + cursor + "' is not a release of " + application
                    + "/" + environment + ". Pass the nextCursor of the previous page, or null for the first page.");
        }
        return slice(env, at.position - 1L, size);
    }

    private static void requirePageSize(int size) {
        if (size < 1 || size > 10_000) {
            throw new IllegalArgumentException("History page size must be between 1 and 10000, got " + size + ".");
        }
    }

    private static HistoryPage slice(EnvHistory env, long start, int size) {
        List<Release> items = new ArrayList<>(Math.min(size, Math.max(0, (int) start + 1)));
        long end = Math.max(-1, start - size);
        for (long i = start; i > end; i--) {
            items.add(env.entries.get((int) i).release);
        }
        String next = end >= 0 ? items.get(items.size() - 1).id() : null;
        return new HistoryPage(items, next, env.entries.size());
    }

    LastGood lastGoodBefore(String application, String environment, String releaseId) {
        Entry from = byId.get(releaseId);
        if (from == null || !EnvKey.of(from.release).equals(new EnvKey(application, environment))) {
            throw new UnknownReleaseException(releaseId, application, environment);
        }
        EnvHistory env = envs.get(new EnvKey(application, environment));
        return LastGoodSearch.walkBack(from.release, from.position, position -> env.entries.get(position).release);
    }

    SortedMap<String, Release> liveMatrix(String application) {
        TreeMap<String, Release> matrix = new TreeMap<>();
        TreeMap<String, EnvHistory> appEnvs = envsByApp.get(application);
        if (appEnvs != null) {
            appEnvs.forEach((name, env) -> {
                if (env.live != null) {
                    matrix.put(name, env.live.release);
                }
            });
        }
        return matrix;
    }

    /** The releases still queued or running, oldest first; O(their number), never a history scan. */
    List<Release> unfinished() {
        List<Release> releases = new ArrayList<>(unfinished.size());
        for (Entry entry : unfinished.values()) {
            releases.add(entry.release);
        }
        return releases;
    }

    /** Every release of the environment, in creation order (for metrics, which are not on the deploy path). */
    List<Release> environmentReleases(String application, String environment) {
        EnvHistory env = envs.get(new EnvKey(application, environment));
        if (env == null) {
            return List.of();
        }
        List<Release> all = new ArrayList<>(env.entries.size());
        for (Entry entry : env.entries) {
            all.add(entry.release);
        }
        return all;
    }
}
