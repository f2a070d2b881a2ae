package io.jitploy.promotion;

import io.jitploy.access.AccessRefusedException;
import io.jitploy.access.Action;
import io.jitploy.access.Actor;
import io.jitploy.access.ProtectionSource;
import io.jitploy.events.EventBus;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Plans promotions and rollbacks and quarantines releases. Planning only reads: the plans are executed by the
 * deploy orchestration ({@code io.jitploy.deploy.DeployOrchestrator}), through the same path as any deploy.
 */
public final class PromotionService {
    private final PromotionPlanner promotions;
    private final RollbackPlanner rollbacks;
    private final Quarantine quarantine;
    private final ProtectionSource protection;

    private PromotionService(Builder builder) {
        this.protection = builder.protection;
        this.promotions = new PromotionPlanner(
                builder.ledger, builder.holds, builder.policy, builder.targetConfig, protection, builder.clock);
        this.rollbacks = new RollbackPlanner(builder.ledger);
        this.quarantine = new Quarantine(
                builder.ledger, builder.events, builder.reporter, builder.onReportFailure, builder.clock);
    }

    /** Starts a service over the release ledger; everything else has a permissive default. */
    public static Builder over(ReleaseLedger ledger) {
        return new Builder(ledger);
    }

    /**
     * Checks that the release live and healthy in {@code from} may be deployed to {@code to}.
     *
     * @throws PromotionRefusedException naming the reason: no live release in {@code from}, it failed its health
     *     check, it is marked bad, {@code to} is locked or frozen (unless {@code actor} holds the lock), {@code to}
     *     declares another {@code promote_from}, or the same commit is already live in {@code to}
     * @throws AccessRefusedException when {@code to}'s protection (see {@link Builder#protection}) refuses {@code
     *     actor}, taken as a user without groups
     */
    public PromotionPlan planPromotion(String application, String from, String to, String actor) {
        return planPromotion(application, from, to, Actor.named(actor));
    }

    /**
     * Plans a promotion as {@link #planPromotion(String, String, String, String)} does, for an actor known with
     * their groups. {@code to}'s protection (see {@link Builder#protection}) decides: {@code actor} must be allowed
     * to promote into {@code to}, and the candidate's branch must be one {@code to} accepts. Who asked is recorded
     * by id; the groups only decide access.
     *
     * @throws AccessRefusedException when {@code to}'s protection refuses the actor or the candidate's branch
     * @throws PromotionRefusedException for the reasons listed on {@link #planPromotion(String, String, String,
     *     String)}
     */
    public PromotionPlan planPromotion(String application, String from, String to, Actor actor) {
        return promotions.plan(application, from, to, actor);
    }

    /**
     * Picks the release a rollback of {@code environment} returns to: {@code target} when given (validated), else
     * the newest good release before the live one.
     *
     * @throws RollbackRefusedException when nothing is live, no good release exists, the target is invalid, or an
     *     irreversible release lies in the way and {@code force} is false
     * @throws AccessRefusedException when the environment's protection (see {@link Builder#protection}) refuses
     *     {@code actor}, taken as a user without groups
     */
    public RollbackPlan planRollback(
            String application, String environment, Optional<String> target, boolean force, String actor) {
        return planRollback(application, environment, target, force, Actor.named(actor));
    }

    /**
     * Plans a rollback as {@link #planRollback(String, String, Optional, boolean, String)} does, for an actor known
     * with their groups. A rollback counts as a promotion: {@code environment}'s protection must allow {@code actor}
     * to promote into it.
     *
     * @throws AccessRefusedException when the protection refuses the actor (checked before anything else)
     * @throws RollbackRefusedException for the reasons listed on {@link #planRollback(String, String, Optional,
     *     boolean, String)}
     */
    public RollbackPlan planRollback(
            String application, String environment, Optional<String> target, boolean force, Actor actor) {
        protection
                .accessTo(application, environment)
                .decide(actor, Action.ROLLBACK, Optional.empty())
                .orThrow();
        return rollbacks.fromLive(application, environment, target, force, actor.id());
    }

    /**
     * Picks the rollback target for a release that just failed (its health check, typically): the newest good
     * release before it. The ledger already considers the previous release live again, but the environment still
     * runs the failed one, so the rollback starts from it and crosses it if it is irreversible. This is the engine's
     * automatic rollback: protection is not checked.
     *
     * @throws RollbackRefusedException when no good release exists or an irreversible release lies in the way and
     *     {@code force} is false
     */
    public RollbackPlan planRollbackFrom(
            String application, String environment, String releaseId, boolean force, String actor) {
        return rollbacks.fromRelease(application, environment, releaseId, force, actor);
    }

    /**
     * Quarantines a release: it can no longer be promoted or picked as a rollback target. Publishes
     * {@code MARKED_BAD} and reports it (e.g. GitHub deployment status failure). Marking an already bad release
     * keeps the first mark. It does not roll back by itself: plan a rollback for that.
     *
     * @return the release as now recorded
     * @throws io.jitploy.ledger.UnknownReleaseException if the ledger has no such release
     */
    public Release markBad(String releaseId, String reason, String actor) {
        return quarantine.markBad(releaseId, reason, actor);
    }

    /** Wiring for {@link PromotionService}. */
    public static final class Builder {
        private final ReleaseLedger ledger;
        private EnvironmentHolds holds = EnvironmentHolds.NONE;
        private PromotionPolicy policy = PromotionPolicy.UNRESTRICTED;
        private TargetConfig targetConfig = TargetConfig.UNKNOWN;
        private ProtectionSource protection = ProtectionSource.NONE;
        private EventBus events = new EventBus();
        private BadReleaseReporter reporter = BadReleaseReporter.NONE;
        private Consumer<Throwable> onReportFailure = failure -> {};
        private Clock clock = Clock.systemUTC();

        private Builder(ReleaseLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
        }

        /** Where locks and freezes come from (the deploy coordinator). */
        public Builder holds(EnvironmentHolds holds) {
            this.holds = Objects.requireNonNull(holds, "holds");
            return this;
        }

        public Builder policy(PromotionPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder targetConfig(TargetConfig targetConfig) {
            this.targetConfig = Objects.requireNonNull(targetConfig, "targetConfig");
            return this;
        }

        /**
         * Whose protection {@link #planPromotion(String, String, String, Actor)} and {@link #planRollback(String,
         * String, Optional, boolean, Actor)} enforce; defaults to none. The overloads that take a user id only
         * enforce it too, for an actor without groups.
         */
        public Builder protection(ProtectionSource protection) {
            this.protection = Objects.requireNonNull(protection, "protection");
            return this;
        }

        public Builder events(EventBus events) {
            this.events = Objects.requireNonNull(events, "events");
            return this;
        }

        /** Reports quarantines outside (GitHub); {@code onFailure} hears about reports that failed. */
        public Builder reporter(BadReleaseReporter reporter, Consumer<Throwable> onFailure) {
            this.reporter = Objects.requireNonNull(reporter, "reporter");
            this.onReportFailure = Objects.requireNonNull(onFailure, "onFailure");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public PromotionService build() {
            return new PromotionService(this);
        }
    }
}
