package io.jitploy.promotion;

import io.jitploy.ledger.ConfigDiff;
import io.jitploy.ledger.HistoryPage;
import io.jitploy.ledger.LastGood;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.SkippedRelease;
import io.jitploy.promotion.RollbackPlan.Skipped;
import io.jitploy.promotion.RollbackRefusedException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Picks the release a rollback returns to. The default target comes from {@link ReleaseLedger#lastGoodBefore},
 * which walks back from the starting release and stops at the first good one; an explicit target is validated and
 * the releases between are read page by page.
 */
final class RollbackPlanner {
    private static final int PAGE = 50;

    private final ReleaseLedger ledger;

    RollbackPlanner(ReleaseLedger ledger) {
        this.ledger = ledger;
    }

    RollbackPlan fromLive(String app, String env, Optional<String> targetId, boolean force, String actor) {
        Release live = ledger.live(app, env)
                .orElseThrow(() -> new RollbackRefusedException(
                        Reason.NO_LIVE_RELEASE,
                        env + " has no live release of " + app + ", so there is nothing to roll back from."
                                + " Deploy a version instead."));
        return plan(app, env, live, targetId, force, actor);
    }

    RollbackPlan fromRelease(String app, String env, String releaseId, boolean force, String actor) {
        Release from = ledger.byId(releaseId)
                .filter(r -> r.application().equals(app) && r.environment().equals(env))
                .orElseThrow(() -> invalid("No release " + releaseId + " of " + app + " in " + env + "."));
        return plan(app, env, from, Optional.empty(), force, actor);
    }

    private RollbackPlan plan(
            String app, String env, Release from, Optional<String> targetId, boolean force, String actor) {
        Choice choice = targetId.isPresent() ? explicit(app, env, from, targetId.get()) : lastGood(app, env, from);
        if (!choice.fences.isEmpty() && !force) {
            throw new RollbackRefusedException(
                    Reason.IRREVERSIBLE_FENCE,
                    "Rolling " + env + " back from " + Labels.of(from) + " to " + Labels.of(choice.target)
                            + " would cross irreversible release "
                            + choice.fences.stream().map(Labels::of).collect(Collectors.joining(", "))
                            + " (a migration fence: older code may not work with what it changed). Fix forward with a"
                            + " new version, or roll back with force if the older version copes.",
                    choice.fences);
        }
        return new RollbackPlan(
                app,
                env,
                from,
                choice.target,
                choice.skipped,
                choice.fences,
                force,
                ConfigDiff.between(from.configFingerprints(), choice.target.configFingerprints()),
                actor);
    }

    private Choice lastGood(String app, String env, Release from) {
        LastGood lastGood = ledger.lastGoodBefore(app, env, from.id());
        List<Skipped> skipped = lastGood.skipped().stream()
                .map(s -> new Skipped(s.release(), describe(s)))
                .toList();
        Release target = lastGood.release()
                .orElseThrow(() -> new RollbackRefusedException(
                        Reason.NO_GOOD_RELEASE,
                        "No good release of " + app + " in " + env + " before " + Labels.of(from) + " ("
                                + skipped.size() + " earlier release(s) skipped as failed, aborted, superseded, bad,"
                                + " rolled back or the same version). Deploy a fixed version instead."));
        return new Choice(target, skipped, lastGood.fences());
    }

    private Choice explicit(String app, String env, Release from, String targetId) {
        Release target = ledger.byId(targetId)
                .orElseThrow(() -> invalid("No release with id '" + targetId
                        + "' in the ledger. Pick a release id from " + env + "'s history."));
        if (!target.application().equals(app) || !target.environment().equals(env)) {
            throw invalid("Release " + Labels.of(target) + " belongs to " + target.application() + "/"
                    + target.environment() + ", not " + app + "/" + env + ". Pick a release of " + env + ".");
        }
        if (target.id().equals(from.id())
                || (target.version().equals(from.version()) && java.util.Objects.equals(target.sha(), from.sha()))) {
            throw invalid(Labels.of(target) + " is the version live in " + env + " already. Pick an earlier release.");
        }
        if (target.isBad()) {
            throw invalid("Release " + Labels.of(target) + " was marked bad by "
                    + target.bad().by() + ": " + target.bad().reason() + ". Pick a release that is not marked bad.");
        }
        if (target.result() != ReleaseResult.SUCCEEDED) {
            throw invalid("Release " + Labels.of(target) + " cannot be a rollback target: it is "
                    + target.result().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + ". Pick a release that succeeded.");
        }
        if (target.health() != null && !target.health().healthy()) {
            throw invalid("Release " + Labels.of(target) + " cannot be a rollback target: it failed its health"
                    + " check. Pick a release that succeeded and passed it.");
        }
        // Ids sort in creation order: a newer target is a roll forward after an earlier rollback, crossing nothing.
        if (target.id().compareTo(from.id()) > 0) {
            return new Choice(target, List.of(), List.of());
        }
        List<Skipped> skipped = new ArrayList<>();
        List<Release> fences = new ArrayList<>();
        if (from.irreversible()) {
            fences.add(from);
        }
        for (Release between : releasesBetween(app, env, from, target)) {
            skipped.add(new Skipped(between, "passed over for the chosen target " + target.id()));
            if (between.irreversible()) {
                fences.add(between);
            }
        }
        return new Choice(target, skipped, fences);
    }

    /** Releases strictly older than {@code from} and strictly newer than {@code target}, newest first. */
    private List<Release> releasesBetween(String app, String env, Release from, Release target) {
        List<Release> between = new ArrayList<>();
        boolean pastFrom = false;
        String cursor = null;
        do {
            HistoryPage page = ledger.history(app, env, cursor, PAGE);
            for (Release release : page.items()) {
                if (release.id().equals(target.id())) {
                    return between;
                }
                if (pastFrom) {
                    between.add(release);
                } else if (release.id().equals(from.id())) {
                    pastFrom = true;
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return between;
    }

    private static String describe(SkippedRelease skipped) {
        Release release = skipped.release();
        return switch (skipped.reason()) {
            case MARKED_BAD -> "marked bad by " + release.bad().by() + ": "
                    + release.bad().reason();
            case FAILED -> release.health() != null && !release.health().healthy()
                    ? "failed its health check (" + release.health().reason() + ")"
                    : "failed";
            case ABORTED -> "aborted";
            case SUPERSEDED -> "superseded, never deployed";
            case ROLLED_BACK -> "rolled back";
            case NOT_FINISHED -> "still queued or running";
            case SAME_VERSION -> "same version as the release rolled back from";
        };
    }

    private static RollbackRefusedException invalid(String message) {
        return new RollbackRefusedException(Reason.INVALID_TARGET, message);
    }

    private record Choice(Release target, List<Skipped> skipped, List<Release> fences) {}
}
