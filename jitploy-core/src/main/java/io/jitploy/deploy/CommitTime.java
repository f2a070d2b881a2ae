package io.jitploy.deploy;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the deployed commit was made, for {@link DeployIntent#commitTime()}: lead time for changes (DORA) counts from
 * it, and the deploy queue uses it to refuse a version older than the one already live. The first source that knows
 * the commit wins:
 *
 * <ol>
 *   <li>the release being promoted or rolled back, which recorded it when it was first deployed;
 *   <li>the build's change log (the commits since the previous build, with their timestamps);
 *   <li>the repository host (e.g. GitHub's commit API), asked only when the others do not know;
 *   <li>otherwise unknown: lead time and the stale-version guard then skip this deploy.
 * </ol>
 */
public final class CommitTime {
    private CommitTime() {}

    /**
     * Picks the commit time.
     *
     * @param sha the deployed commit (full sha)
     * @param recorded the time recorded on the release being promoted or rolled back, if any
     * @param changeLog commit id to commit time, from the build's change log; ids may be full or abbreviated
     * @param remote asks the repository host; called at most once, and only if the others do not know
     * @return the commit time, or empty when nobody knows it
     */
    public static Optional<Instant> of(
            String sha,
            Optional<Instant> recorded,
            Map<String, Instant> changeLog,
            Supplier<Optional<Instant>> remote) {
        Objects.requireNonNull(sha, "sha");
        if (recorded.isPresent()) {
            return recorded;
        }
        for (Map.Entry<String, Instant> entry : changeLog.entrySet()) {
            if (sameCommit(sha, entry.getKey()) && entry.getValue() != null) {
                return Optional.of(entry.getValue());
            }
        }
        return remote.get();
    }

    /** Full or abbreviated (at least 7 hex digits, as git abbreviates) ids of the same commit. */
    static boolean sameCommit(String sha, String id) {
        if (id == null || id.length() < 7) {
            return false;
        }
        String a = sha.toLowerCase(java.util.Locale.ROOT);
        String b = id.toLowerCase(java.util.Locale.ROOT);
        return a.startsWith(b) || b.startsWith(a) && a.length() >= 7;
    }
}
