package io.jitploy.promotion;

import io.jitploy.promotion.PromotionRefusedException.Reason;
import java.time.Clock;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;

/** Decides whether the release live in one environment may go to another, and what that would change. */
final class PromotionPlanner {
    private final ReleaseHistory history;
    private final EnvironmentHolds holds;
    private final PromotionPolicy policy;
    private final TargetConfig targetConfig;
    private final Clock clock;

    PromotionPlanner(
            ReleaseHistory history,
            EnvironmentHolds holds,
            PromotionPolicy policy,
            TargetConfig targetConfig,
            Clock clock) {
        this.history = history;
        this.holds = holds;
        this.policy = policy;
        this.targetConfig = targetConfig;
        this.clock = clock;
    }

    PromotionPlan plan(String app, String from, String to, String actor) {
        if (from.equals(to)) {
            throw new PromotionRefusedException(
                    Reason.SAME_ENVIRONMENT,
                    "Cannot promote " + app + " from " + from + " to itself. Name a different target environment,"
                            + " or use rollback to go back to an earlier release of " + from + ".");
        }
        Optional<String> requiredSource = policy.promoteFrom(app, to);
        if (requiredSource.isPresent() && !requiredSource.get().equals(from)) {
            throw new PromotionRefusedException(
                    Reason.WRONG_SOURCE,
                    to + " is promoted from " + requiredSource.get() + " only (promote_from in .jitploy.yml), not"
                            + " from " + from + ". Promote from " + requiredSource.get()
                            + ", or change promote_from of " + to + ".");
        }
        ReleaseSummary candidate = history.live(app, from)
                .orElseThrow(() -> new PromotionRefusedException(
                        Reason.NO_LIVE_RELEASE,
                        from + " has no live release of " + app + " to promote. Deploy to " + from
                                + " first and wait for it to succeed."));
        if (candidate.isBad()) {
            ReleaseSummary.BadMark mark = candidate.badMark();
            throw new PromotionRefusedException(
                    Reason.MARKED_BAD,
                    "The release live in " + from + ", " + candidate.label() + ", was marked bad by " + mark.by()
                            + " at " + mark.at() + ": " + mark.reason() + ". Deploy a fixed version to " + from
                            + " (or roll " + from + " back) before promoting.");
        }
        if (candidate.failedHealthCheck()) {
            throw new PromotionRefusedException(
                    Reason.UNHEALTHY,
                    "The release live in " + from + ", " + candidate.label() + ", failed its health check ("
                            + candidate.health().reason() + "). Fix " + from + " and let a deploy pass its"
                            + " health check before promoting.");
        }
        holds.activeHold(app, to, clock.instant())
                .filter(hold -> hold.owner() == null || !hold.owner().equals(actor))
                .ifPresent(hold -> {
                    throw new PromotionRefusedException(
                            hold.kind() == EnvironmentHold.Kind.LOCKED ? Reason.TARGET_LOCKED : Reason.TARGET_FROZEN,
                            to + " is " + hold.describe() + ". Wait until it is "
                                    + (hold.kind() == EnvironmentHold.Kind.LOCKED ? "unlocked" : "no longer frozen")
                                    + ", or ask " + (hold.owner() != null ? hold.owner() : "an administrator")
                                    + " to release it, then promote again.");
                });
        Optional<ReleaseSummary> current = history.live(app, to);
        if (current.isPresent() && current.get().sha().equals(candidate.sha())) {
            throw new PromotionRefusedException(
                    Reason.ALREADY_LIVE,
                    candidate.version() + " (" + candidate.sha() + ") is already live in " + to + " as release "
                            + current.get().id() + ". Nothing to promote.");
        }
        SortedMap<String, String> before =
                current.map(ReleaseSummary::configFingerprints).orElse(Collections.emptySortedMap());
        Optional<KeyDiff> diff =
                targetConfig.fingerprintsAt(app, to, candidate.sha()).map(after -> KeyDiff.between(before, after));
        return new PromotionPlan(app, from, to, candidate, current, diff, actor);
    }
}
