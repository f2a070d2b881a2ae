package io.jitploy.promotion;

import static io.jitploy.promotion.ReleaseFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.LedgerOptions;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.promotion.RollbackRefusedException.Reason;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackPlanningTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    private ReleaseLedger ledger;
    private ReleaseFixture releases;
    private PromotionService service;

    @BeforeEach
    void openLedger() {
        ledger = FileReleaseLedger.open(
                dir.resolve("ledger"), LedgerOptions.defaults().withClock(clock));
        releases = new ReleaseFixture(ledger, clock);
        service = PromotionService.over(ledger).clock(clock).build();
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private RollbackPlan rollback(Optional<String> target, boolean force) {
        return service.planRollback(APP, "production", target, force, "bob");
    }

    @Test
    void picksTheLastGoodReleaseSkippingFailedAbortedSupersededAndBadOnes() {
        Release good = releases.succeeded("production", "v1");
        Release bad = releases.succeeded("production", "v2");
        Release failed = releases.failed("production", "v3");
        Release aborted = releases.deploy("production", "v4", ReleaseResult.ABORTED, null, null);
        Release superseded = releases.deploy("production", "v5", ReleaseResult.SUPERSEDED, null, null);
        Release live = releases.succeeded("production", "v6");
        service.markBad(bad.id(), "drops orders", "dave");

        RollbackPlan plan = rollback(Optional.empty(), false);

        assertThat(plan.from().id()).isEqualTo(live.id());
        assertThat(plan.target().id()).isEqualTo(good.id());
        assertThat(plan.skipped())
                .extracting(s -> s.release().id(), RollbackPlan.Skipped::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(superseded.id(), "superseded, never deployed"),
                        org.assertj.core.groups.Tuple.tuple(aborted.id(), "aborted"),
                        org.assertj.core.groups.Tuple.tuple(failed.id(), "failed"),
                        org.assertj.core.groups.Tuple.tuple(bad.id(), "marked bad by dave: drops orders"));
        assertThat(plan.configDiff().changed()).containsExactly("DB_URL");
        assertThat(plan.crossedIrreversible()).isEmpty();
    }

    @Test
    void aSecondRollbackSkipsTheRolledBackReleaseAndTheVersionAlreadyRestored() {
        Release v1 = releases.succeeded("production", "v1");
        Release v2 = releases.succeeded("production", "v2");
        Release v3 = releases.succeeded("production", "v3");
        releases.rollbackTo(v2);

        RollbackPlan plan = rollback(Optional.empty(), false);

        assertThat(ledger.byId(v3.id()).orElseThrow().result()).isEqualTo(ReleaseResult.ROLLED_BACK);
        assertThat(plan.target().id()).isEqualTo(v1.id());
        assertThat(plan.skipped())
                .extracting(RollbackPlan.Skipped::reason)
                .containsExactly("rolled back", "same version as the release rolled back from");
    }

    @Test
    void refusesToCrossAnIrreversibleReleaseWithoutForceNamingIt() {
        Release v1 = releases.succeeded("production", "v1");
        Release migration = releases.succeeded("production", "v2");
        ledger.markIrreversible(migration.id(), "alice");
        Release v3 = releases.succeeded("production", "v3");
        service.markBad(v3.id(), "slow", "dave");
        releases.succeeded("production", "v4");
        service.markBad(ledger.live(APP, "production").orElseThrow().id(), "broken", "dave");
        // v4 is live and bad; v3 bad; v2 irreversible but good, so it is the target and is not crossed.
        assertThat(rollback(Optional.empty(), false).target().id()).isEqualTo(migration.id());

        service.markBad(migration.id(), "wrong migration", "dave");

        assertThatThrownBy(() -> rollback(Optional.empty(), false))
                .isInstanceOfSatisfying(RollbackRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.IRREVERSIBLE_FENCE);
                    assertThat(e.blocking()).extracting(Release::id).containsExactly(migration.id());
                })
                .hasMessageContaining("would cross irreversible release v2")
                .hasMessageContaining(migration.id())
                .hasMessageContaining("with force");
        RollbackPlan forced = rollback(Optional.empty(), true);
        assertThat(forced.target().id()).isEqualTo(v1.id());
        assertThat(forced.forced()).isTrue();
        assertThat(forced.crossedIrreversible()).extracting(Release::id).containsExactly(migration.id());
    }

    @Test
    void rollingBackFromAnIrreversibleLiveReleaseCrossesIt() {
        releases.succeeded("production", "v1");
        Release live = releases.succeeded("production", "v2");
        ledger.markIrreversible(live.id(), "alice");

        assertThatThrownBy(() -> rollback(Optional.empty(), false))
                .isInstanceOfSatisfying(
                        RollbackRefusedException.class,
                        e -> assertThat(e.blocking()).extracting(Release::id).containsExactly(live.id()));
    }

    @Test
    void anExplicitTargetIsHonouredAndTheReleasesBetweenAreListed() {
        Release v1 = releases.succeeded("production", "v1");
        Release v2 = releases.succeeded("production", "v2");
        releases.succeeded("production", "v3");

        RollbackPlan plan = rollback(Optional.of(v1.id()), false);

        assertThat(plan.target().id()).isEqualTo(v1.id());
        assertThat(plan.skipped()).extracting(s -> s.release().id()).containsExactly(v2.id());
    }

    @Test
    void anExplicitTargetStillStopsAtAnIrreversibleReleaseWithoutForce() {
        Release v1 = releases.succeeded("production", "v1");
        Release migration = releases.succeeded("production", "v2");
        ledger.markIrreversible(migration.id(), "alice");
        releases.succeeded("production", "v3");

        assertThatThrownBy(() -> rollback(Optional.of(v1.id()), false))
                .isInstanceOfSatisfying(RollbackRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.IRREVERSIBLE_FENCE));
        assertThat(rollback(Optional.of(v1.id()), true).crossedIrreversible())
                .extracting(Release::id)
                .containsExactly(migration.id());
    }

    @Test
    void anExplicitTargetMustBeAGoodReleaseOfThatEnvironment() {
        Release bad = releases.succeeded("production", "v1");
        Release failed = releases.failed("production", "v2");
        Release staging = releases.succeeded("staging", "v2");
        Release live = releases.succeeded("production", "v3");
        service.markBad(bad.id(), "drops orders", "dave");

        assertInvalidTarget(bad.id(), "marked bad by dave: drops orders");
        assertInvalidTarget(failed.id(), "it is failed");
        assertInvalidTarget(staging.id(), "belongs to shop/staging");
        assertInvalidTarget(live.id(), "already");
        assertInvalidTarget("r0000099999", "No release with id");
    }

    @Test
    void anExplicitTargetOfTheVersionLiveUnderAnotherReleaseIsRefused() {
        Release v1 = releases.succeeded("production", "v1");
        releases.succeeded("production", "v2");
        releases.rollbackTo(v1);

        assertInvalidTarget(v1.id(), "is the version live in production already");
    }

    @Test
    void anExplicitTargetThatSucceededButFailedItsHealthCheckIsRefused() {
        Release unhealthy = releases.deploy(
                "production",
                "v1",
                ReleaseResult.SUCCEEDED,
                ReleaseFixture.unhealthy("503 on /health"),
                ReleaseFixture.fingerprints("DB_URL", "fp-v1"));
        releases.succeeded("production", "v2");

        assertInvalidTarget(unhealthy.id(), "cannot be a rollback target: it failed its health check");
    }

    @Test
    void aReleaseThatFailedItsHealthCheckIsSkippedSayingWhy() {
        Release good = releases.succeeded("production", "v1");
        Release unhealthy = releases.deploy(
                "production",
                "v2",
                ReleaseResult.FAILED,
                ReleaseFixture.unhealthy("503 on /health"),
                ReleaseFixture.fingerprints("DB_URL", "fp-v2"));
        releases.succeeded("production", "v3");

        RollbackPlan plan = rollback(Optional.empty(), false);

        assertThat(plan.target().id()).isEqualTo(good.id());
        assertThat(plan.skipped())
                .extracting(s -> s.release().id(), RollbackPlan.Skipped::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        unhealthy.id(), "failed its health check (503 on /health)"));
    }

    @Test
    void anAutomaticRollbackStartsOnlyFromAReleaseOfThatEnvironment() {
        releases.succeeded("staging", "v1");
        Release staging = releases.failed("staging", "v2");
        releases.succeeded("production", "v1");
        releases.failed("production", "v2");

        assertThatThrownBy(() -> service.planRollbackFrom(APP, "production", staging.id(), false, "jenkins"))
                .isInstanceOfSatisfying(RollbackRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.INVALID_TARGET))
                .hasMessageContaining("No release " + staging.id() + " of shop in production");
        assertThatThrownBy(() -> service.planRollbackFrom("other", "staging", staging.id(), false, "jenkins"))
                .isInstanceOf(RollbackRefusedException.class)
                .hasMessageContaining("No release " + staging.id() + " of other in staging");
        assertThatThrownBy(() -> service.planRollbackFrom(APP, "production", "r0000099999", false, "jenkins"))
                .isInstanceOf(RollbackRefusedException.class)
                .hasMessageContaining("No release r0000099999 of shop in production");
    }

    @Test
    void refusalsNameAReleaseByVersionShortShaAndId() {
        Release withSha = releases.failed("production", "v1");
        Release shortSha = releases.deploy(
                ReleaseDraft.builder(APP, "production", "v2").sha("abc12").build(), ReleaseResult.FAILED, null);
        Release noSha =
                releases.deploy(ReleaseDraft.builder(APP, "production", "v3").build(), ReleaseResult.FAILED, null);
        releases.succeeded("production", "v4");

        assertInvalidTarget(withSha.id(), "v1 (" + withSha.sha().substring(0, 7) + ", release " + withSha.id() + ")");
        assertInvalidTarget(shortSha.id(), "v2 (abc12, release " + shortSha.id() + ")");
        assertInvalidTarget(noSha.id(), "v3 (no sha, release " + noSha.id() + ")");
    }

    @Test
    void refusesWhenNothingIsLiveOrNothingGoodCameBefore() {
        assertThatThrownBy(() -> rollback(Optional.empty(), false))
                .isInstanceOfSatisfying(RollbackRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.NO_LIVE_RELEASE));
        releases.failed("production", "v1");
        releases.succeeded("production", "v2");

        assertThatThrownBy(() -> rollback(Optional.empty(), false))
                .isInstanceOfSatisfying(RollbackRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.NO_GOOD_RELEASE))
                .hasMessageContaining("1 earlier release(s) skipped");
    }

    private void assertInvalidTarget(String target, String message) {
        assertThatThrownBy(() -> rollback(Optional.of(target), true))
                .isInstanceOfSatisfying(RollbackRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.INVALID_TARGET))
                .hasMessageContaining(message);
    }
}
