package io.jitploy.deploy;

import io.jitploy.access.AccessDecision;
import io.jitploy.access.AccessRefusedException;
import io.jitploy.access.Action;
import io.jitploy.access.Actor;
import io.jitploy.access.Approval;
import io.jitploy.access.ApprovalRequiredException;
import io.jitploy.access.ApprovalStatus;
import io.jitploy.access.EnvironmentAccess;
import io.jitploy.config.Protection;
import io.jitploy.health.HealthCheckSpec;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.Trigger;
import io.jitploy.promotion.PromotionPlan;
import io.jitploy.promotion.RollbackPlan;
import java.net.URI;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything needed to deploy one version to one environment. The settings that come from {@code .jitploy.yml}
 * (health check, URL, GitHub checks) are carried here, read from the configuration <em>at the deployed commit</em>,
 * so that a rollback runs with the configuration of the version it restores.
 *
 * @param application the application
 * @param environment the target environment
 * @param version the version label (tag, build number, revision)
 * @param sha the commit to deploy
 * @param ref the branch or tag, or {@code null}
 * @param buildUrl the build that deploys it, or {@code null}
 * @param trigger why: push, promote, rollback or manual
 * @param user who asked
 * @param supersede whether this deploy cancels older waiting deploys of the environment
 * @param failFast whether to fail at once instead of waiting for a lock or freeze
 * @param commitTime when the commit was made (lead time, and the order that refuses stale deploys), or {@code null}
 * @param configFingerprints config key path to value fingerprint used by this deploy; never values
 * @param promotedFrom for a promotion, the source environment's release id, else {@code null}
 * @param rollbackOf for a rollback, the id of the earlier release whose version is restored, else {@code null}
 * @param healthCheck the check to run after the deploy, if the environment has one
 * @param environmentUrl the environment's URL (shown on the GitHub deployment), or {@code null}
 * @param requiredChecks when present, gate the deploy on these GitHub commit checks (empty list: all reported)
 * @param forceChecksReason when present, deploy even if the checks are red; the reason is recorded
 * @param userGroups the groups of {@code user}, which {@code protection} lists may name
 * @param protection the environment's protection, enforced when the deploy starts (see {@link #access()} and
 *     {@link #approvalStatus()}); {@link Protection#NONE} when the caller enforces nothing
 * @param approvals the approvals given for this deploy, counted against {@code protection.required_approvals}
 */
public record DeployIntent(
        String application,
        String environment,
        String version,
        String sha,
        String ref,
        String buildUrl,
        Trigger trigger,
        String user,
        boolean supersede,
        boolean failFast,
        Instant commitTime,
        SortedMap<String, String> configFingerprints,
        String promotedFrom,
        String rollbackOf,
        Optional<HealthCheckSpec> healthCheck,
        URI environmentUrl,
        Optional<List<String>> requiredChecks,
        Optional<String> forceChecksReason,
        Set<String> userGroups,
        Protection protection,
        List<Approval> approvals) {

    public DeployIntent {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(healthCheck, "healthCheck");
        Objects.requireNonNull(requiredChecks, "requiredChecks");
        Objects.requireNonNull(forceChecksReason, "forceChecksReason");
        configFingerprints = configFingerprints == null
                ? Collections.emptySortedMap()
                : Collections.unmodifiableSortedMap(new TreeMap<>(configFingerprints));
        requiredChecks = requiredChecks.map(List::copyOf);
        userGroups = userGroups == null ? Set.of() : Set.copyOf(userGroups);
        protection = protection == null ? Protection.NONE : protection;
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        if (trigger == Trigger.ROLLBACK && rollbackOf == null) {
            throw new IllegalArgumentException("A rollback deploy must name the release it restores (rollbackOf).");
        }
        if (trigger == Trigger.PROMOTE && promotedFrom == null) {
            throw new IllegalArgumentException("A promotion deploy must name the release it promotes (promotedFrom).");
        }
    }

    /** Who asked for this deploy, with their groups. */
    public Actor actor() {
        return new Actor(user, userGroups);
    }

    /**
     * Whether {@code protection} lets {@link #actor()} deploy {@code ref} here. Decided for push and manual deploys
     * only: promotions and rollbacks were decided when planned ({@code PromotionService}, with the requester's
     * groups), and automatic rollbacks are the engine's; for them this is empty.
     */
    public Optional<AccessDecision> access() {
        Action action = Action.of(trigger);
        if (action != Action.PUSH_DEPLOY && action != Action.MANUAL_DEPLOY) {
            return Optional.empty();
        }
        return Optional.of(
                EnvironmentAccess.of(environment, protection).decide(actor(), action, Optional.ofNullable(ref)));
    }

    /** The approvals given against those {@code protection} requires of this deploy (rollbacks need none). */
    public ApprovalStatus approvalStatus() {
        return EnvironmentAccess.of(environment, protection).approvals(Action.of(trigger), actor(), approvals);
    }

    /**
     * Enforces {@code protection} as the engine does before recording a deploy.
     *
     * @throws AccessRefusedException when {@link #access()} refuses
     * @throws ApprovalRequiredException when {@link #approvalStatus()} is not satisfied
     */
    public void checkProtection() {
        access().ifPresent(AccessDecision::orThrow);
        approvalStatus().orThrow();
    }

    /** Starts an intent for a push deploy; set the rest with the builder. */
    public static Builder builder(String application, String environment, String version, String sha) {
        return new Builder(application, environment, version, sha);
    }

    /**
     * Starts the intent that carries out a promotion plan: the candidate's exact version and sha, trigger PROMOTE,
     * requested by whoever asked for the plan. Add the target environment's settings (health check, URL, checks)
     * and config fingerprints, read from the configuration at the candidate's sha.
     */
    public static Builder forPromotion(PromotionPlan plan) {
        Release candidate = plan.candidate();
        return fromRelease(plan.application(), plan.to(), candidate)
                .trigger(Trigger.PROMOTE)
                .promotedFrom(candidate.id())
                .user(plan.requestedBy());
    }

    /**
     * Starts the intent that carries out a rollback plan: the target's version, sha and config fingerprints (same
     * environment, same commit, so the same encrypted config), trigger ROLLBACK. Add the health check and URL.
     */
    public static Builder forRollback(RollbackPlan plan) {
        Release target = plan.target();
        return fromRelease(plan.application(), plan.environment(), target)
                .trigger(Trigger.ROLLBACK)
                .rollbackOf(target.id())
                .configFingerprints(target.configFingerprints())
                .user(plan.requestedBy());
    }

    private static Builder fromRelease(String application, String environment, Release release) {
        if (release.sha() == null) {
            throw new IllegalArgumentException("Release " + release.id() + " has no recorded commit sha, so it cannot"
                    + " be redeployed exactly. Deploy the version from its branch or tag instead.");
        }
        return builder(application, environment, release.version(), release.sha())
                .ref(release.ref())
                .commitTime(release.commitTime());
    }

    /** A builder preset with every field of this intent, to derive a variant. */
    public Builder toBuilder() {
        Builder builder = new Builder(application, environment, version, sha);
        builder.ref = ref;
        builder.buildUrl = buildUrl;
        builder.trigger = trigger;
        builder.user = user;
        builder.supersede = supersede;
        builder.failFast = failFast;
        builder.commitTime = commitTime;
        builder.configFingerprints = configFingerprints;
        builder.promotedFrom = promotedFrom;
        builder.rollbackOf = rollbackOf;
        builder.healthCheck = healthCheck;
        builder.environmentUrl = environmentUrl;
        builder.requiredChecks = requiredChecks;
        builder.forceChecksReason = forceChecksReason;
        builder.userGroups = userGroups;
        builder.protection = protection;
        builder.approvals = approvals;
        return builder;
    }

    /** Fluent construction: most callers set a handful of the fields. */
    public static final class Builder {
        private final String application;
        private final String environment;
        private final String version;
        private final String sha;
        private String ref;
        private String buildUrl;
        private Trigger trigger = Trigger.PUSH;
        private String user = "jenkins";
        private boolean supersede;
        private boolean failFast;
        private Instant commitTime;
        private SortedMap<String, String> configFingerprints;
        private String promotedFrom;
        private String rollbackOf;
        private Optional<HealthCheckSpec> healthCheck = Optional.empty();
        private URI environmentUrl;
        private Optional<List<String>> requiredChecks = Optional.empty();
        private Optional<String> forceChecksReason = Optional.empty();
        private Set<String> userGroups = Set.of();
        private Protection protection = Protection.NONE;
        private List<Approval> approvals = List.of();

        private Builder(String application, String environment, String version, String sha) {
            this.application = application;
            this.environment = environment;
            this.version = version;
            this.sha = sha;
        }

        public Builder ref(String value) {
            ref = value;
            return this;
        }

        public Builder buildUrl(String value) {
            buildUrl = value;
            return this;
        }

        public Builder trigger(Trigger value) {
            trigger = value;
            return this;
        }

        public Builder user(String value) {
            user = value;
            return this;
        }

        public Builder supersede(boolean value) {
            supersede = value;
            return this;
        }

        public Builder failFast(boolean value) {
            failFast = value;
            return this;
        }

        public Builder commitTime(Instant value) {
            commitTime = value;
            return this;
        }

        public Builder configFingerprints(SortedMap<String, String> value) {
            configFingerprints = value;
            return this;
        }

        public Builder promotedFrom(String releaseId) {
            promotedFrom = releaseId;
            return this;
        }

        public Builder rollbackOf(String releaseId) {
            rollbackOf = releaseId;
            return this;
        }

        public Builder healthCheck(HealthCheckSpec value) {
            healthCheck = Optional.ofNullable(value);
            return this;
        }

        public Builder environmentUrl(URI value) {
            environmentUrl = value;
            return this;
        }

        /** Gate on GitHub checks: the named contexts, or every reported check when the list is empty. */
        public Builder requiredChecks(List<String> contexts) {
            requiredChecks = Optional.of(contexts);
            return this;
        }

        /** Deploy even if the GitHub checks are red; who forced it and why is recorded on the release. */
        public Builder forceChecks(String reason) {
            forceChecksReason = Optional.of(reason);
            return this;
        }

        /** The groups of the user who asks, which the environment's protection lists may name. */
        public Builder userGroups(Collection<String> value) {
            userGroups = Set.copyOf(value);
            return this;
        }

        /** The environment's protection, enforced when the deploy starts. */
        public Builder protection(Protection value) {
            protection = Objects.requireNonNull(value, "protection");
            return this;
        }

        /** The approvals given for this deploy. */
        public Builder approvals(Collection<Approval> value) {
            approvals = List.copyOf(value);
            return this;
        }

        public DeployIntent build() {
            return new DeployIntent(
                    application,
                    environment,
                    version,
                    sha,
                    ref,
                    buildUrl,
                    trigger,
                    user,
                    supersede,
                    failFast,
                    commitTime,
                    configFingerprints,
                    promotedFrom,
                    rollbackOf,
                    healthCheck,
                    environmentUrl,
                    requiredChecks,
                    forceChecksReason,
                    userGroups,
                    protection,
                    approvals);
        }
    }
}
