package io.jitploy.promotion;

import io.jitploy.access.Action;
import io.jitploy.access.Actor;
import io.jitploy.access.ProtectionSource;
import io.jitploy.ledger.BadMark;
import io.jitploy.ledger.ConfigDiff;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.promotion.PromotionRefusedException.Reason;
import java.time.Clock;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/** Decides whether the release live in one environment may go to another, and what that would change. */
final class PromotionPlanner {
    private final ReleaseLedger ledger;
    private final EnvironmentHolds holds;
    private final PromotionPolicy policy;
    private final TargetConfig targetConfig;
    private final ProtectionSource protection;
    private final Clock clock;

    PromotionPlanner(
            ReleaseLedger ledger,
            EnvironmentHolds holds,
            PromotionPolicy policy,
            TargetConfig targetConfig,
            ProtectionSource protection,
            Clock clock) {
        this.ledger = ledger;
        this.holds = holds;
        this.policy = policy;
        this.targetConfig = targetConfig;
        this.protection = protection;
        this.clock = clock;
    }

    PromotionPlan plan(String app, String from, String to, Actor requester) {
        String actor = requester.id();
        if (from.equals(to)) {
            throw new PromotionRefusedException(
                    Reason.SAME_ENVIRONMENT,
                    "Cannot promote " + app + " from " + from + " to itself. Name a different target environment,"
                            + " or roll " + from + " back to return to an earlier release.");
        }
        Optional<String> requiredSource = policy.promoteFrom(app, to);
        if (requiredSource.isPresent() && !requiredSource.get().equals(from)) {
            throw new PromotionRefusedException(
                    Reason.WRONG_SOURCE,
                    to + " is promoted from " + requiredSource.get() + " only (promote_from in .jitploy.yml), not from "
                            + from + ". Promote from " + requiredSource.get() + ", or change promote_from of " + to
                            + ".");
        }
        Release candidate = ledger.live(app, from)
                .orElseThrow(() -> new PromotionRefusedException(
                        Reason.NO_LIVE_RELEASE,
                        from + " has no live release of " + app + " to promote. Deploy to " + from
                                + " first and wait for it to succeed."));
        // The candidate's branch is only known now; access is decided before its health and the target's holds.
        protection
                .accessTo(app, to)
                .decide(requester, Action.PROMOTE, Optional.ofNullable(candidate.ref()))
                .orThrow();
        if (candidate.isBad()) {
            BadMark mark = candidate.bad();
            throw new PromotionRefusedException(
                    Reason.MARKED_BAD,
                    "The release live in " + from + ", " + Labels.of(candidate) + ", was marked bad by " + mark.by()
                            + " at " + mark.at() + ": " + mark.reason() + ". Deploy a fixed version to " + from
                            + " (or roll " + from + " back) before promoting.");
        }
        if (candidate.health() != null && !candidate.health().healthy()) {
            throw new PromotionRefusedException(
                    Reason.UNHEALTHY,
                    "The release live in " + from + ", " + Labels.of(candidate) + ", failed its health check ("
                            + candidate.health().reason() + "). Fix " + from
                            + " and let a deploy pass its health check before promoting.");
        }
        holds.activeHold(app, to, clock.instant())
                .filter(hold -> !Objects.equals(hold.owner(), actor))
                .ifPresent(hold -> {
                    boolean locked = hold.kind() == EnvironmentHold.Kind.LOCKED;
                    throw new PromotionRefusedException(
                            locked ? Reason.TARGET_LOCKED : Reason.TARGET_FROZEN,
                            to + " is " + hold.describe() + ". Promote again once it is "
                                    + (locked
                                            ? "unlocked (ask " + hold.owner() + ", or steal the lock with a reason)"
                                            : "no longer frozen")
                                    + ".");
                });
        Optional<Release> current = ledger.live(app, to);
        if (current.isPresent() && Objects.equals(current.get().sha(), candidate.sha())) {
            throw new PromotionRefusedException(
                    Reason.ALREADY_LIVE,
                    candidate.version() + " (" + candidate.sha() + ") is already live in " + to + " as release "
                            + current.get().id() + ". Nothing to promote.");
        }
        SortedMap<String, String> before =
                current.map(Release::configFingerprints).orElse(Collections.emptySortedMap());
        Optional<ConfigDiff> diff = candidate.sha() == null
                ? Optional.empty()
                : targetConfig.fingerprintsAt(app, to, candidate.sha()).map(after -> ConfigDiff.between(before, after));
        return new PromotionPlan(app, from, to, candidate, current, diff, actor);
    }
}
