package io.jitploy.promotion;

import io.jitploy.promotion.RollbackPlan.SkippedRelease;
import io.jitploy.promotion.RollbackRefusedException.Reason;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Picks the release a rollback returns to. Walks the environment's history from the live release backwards and
 * stops at the first good one, so the usual case reads one page of history.
 */
final class RollbackPlanner {
    private final ReleaseHistory history;

    RollbackPlanner(ReleaseHistory history) {
        this.history = history;
    }

    RollbackPlan plan(String app, String env, Optional<String> targetId, boolean force, String actor) {
        ReleaseSummary live = history.live(app, env)
                .orElseThrow(() -> new RollbackRefusedException(
                        Reason.NO_LIVE_RELEASE,
                        env + " has no live release of " + app + ", so there is nothing to roll back from."
                                + " Deploy a version instead."));
        Walk walk =
                targetId.isPresent() ? walkToExplicit(app, env, live, targetId.get()) : walkToLastGood(app, env, live);
        if (!walk.fence.isEmpty() && !force) {
            throw new RollbackRefusedException(
                    Reason.IRREVERSIBLE_FENCE,
                    "Rolling " + env + " back from " + live.label() + " to " + walk.target.label()
                            + " would cross irreversible release(s) "
                            + walk.fence.stream().map(ReleaseSummary::label).collect(Collectors.joining(", "))
                            + " (a migration fence: the old code may not work with the migrated data). Fix forward"
                            + " with a new version, or roll back with force if you know the old version copes.",
                    walk.fence);
        }
        return new RollbackPlan(
                app,
                env,
                live,
                walk.target,
                walk.skipped,
                walk.fence,
                force,
                KeyDiff.between(live.configFingerprints(), walk.target.configFingerprints()),
                actor);
    }

    private Walk walkToLastGood(String app, String env, ReleaseSummary live) {
        Walk walk = new Walk(live);
        try (Stream<ReleaseSummary> releases = history.newestFirst(app, env)) {
            Iterator<ReleaseSummary> older = afterLive(releases.iterator(), live);
            while (older.hasNext()) {
                ReleaseSummary candidate = older.next();
                Optional<String> unsuitable = unsuitability(candidate, live);
                if (unsuitable.isEmpty()) {
                    walk.target = candidate;
                    return walk;
                }
                walk.pass(candidate, unsuitable.get());
            }
        }
        throw new RollbackRefusedException(
                Reason.NO_GOOD_RELEASE,
                "No good release of " + app + " in " + env + " before the live " + live.label() + " ("
                        + walk.skipped.size() + " earlier release(s) skipped as failed, aborted, superseded, bad,"
                        + " rolled back or the same commit). Deploy a fixed version, or name an explicit target.");
    }

    private Walk walkToExplicit(String app, String env, ReleaseSummary live, String targetId) {
        ReleaseSummary target = history.byId(targetId)
                .orElseThrow(() -> invalid("No release with id '" + targetId
                        + "' in the ledger. Pick a release id from " + env + "'s history."));
        if (!target.application().equals(app) || !target.environment().equals(env)) {
            throw invalid("Release " + target.label() + " belongs to " + target.application() + "/"
                    + target.environment() + ", not " + app + "/" + env + ". Pick a release of " + env + ".");
        }
        if (target.id().equals(live.id()) || target.sha().equals(live.sha())) {
            throw invalid(target.label() + " is the commit live in " + env + " already. Pick an earlier release.");
        }
        unsuitableAsExplicitTarget(target).ifPresent(why -> {
            throw invalid("Release " + target.label() + " cannot be a rollback target: it " + why
                    + ". Pick a release that succeeded and is not marked bad.");
        });
        Walk walk = new Walk(live);
        walk.target = target;
        try (Stream<ReleaseSummary> releases = history.newestFirst(app, env)) {
            Iterator<ReleaseSummary> older = afterLive(releases.iterator(), live);
            while (older.hasNext()) {
                ReleaseSummary release = older.next();
                if (release.id().equals(target.id())) {
                    return walk;
                }
                walk.pass(release, "passed over for the explicit target " + target.id());
            }
        }
        // The target is newer than the live release (a roll forward after an earlier rollback): nothing crossed.
        Walk forward = new Walk(null);
        forward.target = target;
        return forward;
    }

    /** Skips the entries newer than the live release (queued, running or failed since) and the live one itself. */
    private static Iterator<ReleaseSummary> afterLive(Iterator<ReleaseSummary> newestFirst, ReleaseSummary live) {
        while (newestFirst.hasNext()) {
            if (newestFirst.next().id().equals(live.id())) {
                return newestFirst;
            }
        }
        return newestFirst;
    }

    private static Optional<String> unsuitability(ReleaseSummary release, ReleaseSummary live) {
        Optional<String> why = unsuitableAsExplicitTarget(release);
        if (why.isPresent()) {
            return why;
        }
        if (release.sha().equals(live.sha())) {
            return Optional.of("is the same commit as the live release");
        }
        return Optional.empty();
    }

    private static Optional<String> unsuitableAsExplicitTarget(ReleaseSummary release) {
        if (release.isBad()) {
            ReleaseSummary.BadMark mark = release.badMark();
            return Optional.of("was marked bad by " + mark.by() + ": " + mark.reason());
        }
        if (release.failedHealthCheck()) {
            return Optional.of("failed its health check (" + release.health().reason() + ")");
        }
        return switch (release.result()) {
            case SUCCEEDED -> Optional.empty();
            case FAILED -> Optional.of("failed");
            case ABORTED -> Optional.of("was aborted");
            case SUPERSEDED -> Optional.of("was superseded and never deployed");
            case ROLLED_BACK -> Optional.of("was rolled back");
            case QUEUED, RUNNING -> Optional.of("has not finished");
        };
    }

    private static RollbackRefusedException invalid(String message) {
        return new RollbackRefusedException(Reason.INVALID_TARGET, message);
    }

    /** The state of one walk back through history. */
    private static final class Walk {
        final List<SkippedRelease> skipped = new ArrayList<>();
        final List<ReleaseSummary> fence = new ArrayList<>();
        ReleaseSummary target;

        Walk(ReleaseSummary live) {
            // Rolling back from an irreversible release always crosses it.
            if (live != null && live.irreversible()) {
                fence.add(live);
            }
        }

        void pass(ReleaseSummary release, String reason) {
            skipped.add(new SkippedRelease(release, reason));
            if (release.irreversible() && release.reachedEnvironment()) {
                fence.add(release);
            }
        }
    }
}
