package io.jitploy.promotion;

import static io.jitploy.promotion.ReleaseFixture.APP;
import static io.jitploy.promotion.ReleaseFixture.fingerprints;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.config.ConfigLoader;
import io.jitploy.config.FreezeSchedule;
import io.jitploy.config.JitployConfig;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventBus;
import io.jitploy.events.EventType;
import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.LedgerOptions;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.promotion.PromotionRefusedException.Reason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PromotionServiceTest {
    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(START);
    private final List<DeployEvent> events = new CopyOnWriteArrayList<>();
    private final EventBus bus = new EventBus();
    private ReleaseLedger ledger;
    private ReleaseFixture releases;
    private DeployCoordinator coordinator;
    private FreezeSchedule productionFreeze = FreezeSchedule.NEVER;
    private final List<String> reportedBad = new ArrayList<>();

    @BeforeEach
    void openLedger() {
        ledger = FileReleaseLedger.open(
                dir.resolve("ledger"), LedgerOptions.defaults().withClock(clock));
        releases = new ReleaseFixture(ledger, clock);
        bus.subscribe(events::add);
        coordinator = new DeployCoordinator(clock, (at, task) -> () -> {}, bus);
    }

    @AfterEach
    void closeLedger() {
        ledger.close();
    }

    private PromotionService service(PromotionPolicy policy, TargetConfig targetConfig) {
        return PromotionService.over(ledger)
                .holds(EnvironmentHolds.of(
                        coordinator, (app, env) -> env.equals("production") ? productionFreeze : FreezeSchedule.NEVER))
                .policy(policy)
                .targetConfig(targetConfig)
                .events(bus)
                .reporter(
                        (release, reason) -> {
                            reportedBad.add(release.id() + ": " + reason);
                            return CompletableFuture.completedFuture(null);
                        },
                        failure -> {})
                .clock(clock)
                .build();
    }

    private PromotionService service() {
        return service(PromotionPolicy.UNRESTRICTED, TargetConfig.UNKNOWN);
    }

    @Test
    void promotesExactlyTheVersionLiveInTheSourceAndDiffsTheTargetsKeyNames() {
        releases.succeeded("staging", "v1");
        Release stagingLive = releases.succeeded("staging", "v2");
        releases.deploy("staging", "v3", ReleaseResult.FAILED, null, fingerprints());
        Release productionLive = releases.deploy(
                "production", "v1", ReleaseResult.SUCCEEDED, null, fingerprints("DB_URL", "a", "OLD_FLAG", "x"));
        TargetConfig productionFileAtSha = (app, env, sha) -> env.equals("production") && sha.equals(stagingLive.sha())
                ? Optional.of(fingerprints("DB_URL", "b", "NEW_FLAG", "y"))
                : Optional.empty();

        PromotionPlan plan = service(PromotionPolicy.UNRESTRICTED, productionFileAtSha)
                .planPromotion(APP, "staging", "production", "carol");

        assertThat(plan.candidate().id()).isEqualTo(stagingLive.id());
        assertThat(plan.candidate().sha()).isEqualTo(stagingLive.sha());
        assertThat(plan.replaces()).map(Release::id).contains(productionLive.id());
        assertThat(plan.configDiff()).hasValueSatisfying(diff -> {
            assertThat(diff.added()).containsExactly("NEW_FLAG");
            assertThat(diff.removed()).containsExactly("OLD_FLAG");
            assertThat(diff.changed()).containsExactly("DB_URL");
        });
        assertThat(plan.requestedBy()).isEqualTo("carol");
    }

    @Test
    void withoutTheTargetsFileAtTheCandidateShaTheDiffIsUnknownRatherThanAComparisonOfTwoFiles() {
        releases.succeeded("staging", "v2");

        PromotionPlan plan = service().planPromotion(APP, "staging", "production", "carol");

        assertThat(plan.replaces()).isEmpty();
        assertThat(plan.configDiff()).isEmpty();
    }

    @Test
    void refusesWhenTheSourceHasNoLiveRelease() {
        releases.failed("staging", "v1");

        assertRefused(() -> service().planPromotion(APP, "staging", "production", "carol"), Reason.NO_LIVE_RELEASE)
                .hasMessageContaining("staging has no live release")
                .hasMessageContaining("Deploy to staging first");
    }

    @Test
    void refusesAReleaseThatFailedItsHealthCheck() {
        releases.deploy(
                "staging",
                "v1",
                ReleaseResult.SUCCEEDED,
                ReleaseFixture.unhealthy("expected 200, got 503"),
                fingerprints());

        assertRefused(() -> service().planPromotion(APP, "staging", "production", "carol"), Reason.UNHEALTHY)
                .hasMessageContaining("failed its health check (expected 200, got 503)");
    }

    @Test
    void refusesABadReleaseNamingWhoMarkedItAndWhy() {
        Release live = releases.succeeded("staging", "v1");
        service().markBad(live.id(), "corrupts carts", "dave");

        assertRefused(() -> service().planPromotion(APP, "staging", "production", "carol"), Reason.MARKED_BAD)
                .hasMessageContaining("marked bad by dave")
                .hasMessageContaining("corrupts carts");
    }

    @Test
    void refusesALockedTargetNamingTheOwnerAndExpiryButLetsTheOwnerPromote() {
        releases.succeeded("staging", "v1");
        Instant expiry = START.plus(Duration.ofHours(5));
        coordinator.lock(EnvironmentKey.of(APP, "production"), "db maintenance", "erin", Optional.of(expiry));

        assertRefused(() -> service().planPromotion(APP, "staging", "production", "carol"), Reason.TARGET_LOCKED)
                .hasMessageContaining("locked by erin until " + expiry)
                .hasMessageContaining("db maintenance")
                .hasMessageContaining("Promote again once it is unlocked (ask erin, or steal the lock with a reason)");
        assertThat(service().planPromotion(APP, "staging", "production", "erin").to())
                .isEqualTo("production");
    }

    @Test
    void aLockWithoutExpirySaysSo() {
        releases.succeeded("staging", "v1");
        coordinator.lock(EnvironmentKey.of(APP, "production"), "incident", "erin", Optional.empty());

        assertRefused(() -> service().planPromotion(APP, "staging", "production", "carol"), Reason.TARGET_LOCKED)
                .hasMessageContaining("production is locked by erin with no expiry (incident).");
    }

    @Test
    void anExpiredLockNoLongerRefuses() {
        releases.succeeded("staging", "v1");
        coordinator.lock(
                EnvironmentKey.of(APP, "production"),
                "short",
                "erin",
                Optional.of(clock.instant().plusSeconds(60)));
        clock.advance(Duration.ofMinutes(2));

        assertThat(service()
                        .planPromotion(APP, "staging", "production", "carol")
                        .candidate()
                        .version())
                .isEqualTo("v1");
    }

    @Test
    void refusesAFrozenTargetSayingUntilWhen() {
        releases.succeeded("staging", "v1");
        Instant endsAt = START.plus(Duration.ofDays(2));
        productionFreeze = now -> Optional.of(new FreezeSchedule.ActiveFreeze("weekend freeze", endsAt));

        assertRefused(() -> service().planPromotion(APP, "staging", "production", "carol"), Reason.TARGET_FROZEN)
                .hasMessageContaining("frozen until " + endsAt)
                .hasMessageContaining("weekend freeze")
                .hasMessageContaining("Promote again once it is no longer frozen.");
    }

    @Test
    void refusesASourceOtherThanTheDeclaredPromoteFrom() {
        JitployConfig config = ConfigLoader.parse(
                """
                version: 1
                application: shop
                environments:
                  qa:
                    branches: [qa]
                    file: config/qa.enc.yaml
                  staging:
                    branches: [main]
                    file: config/staging.enc.yaml
                  production:
                    file: config/production.enc.yaml
                    promote_from: staging
                """,
                ".jitploy.yml");
        releases.succeeded("qa", "v1");
        releases.succeeded("staging", "v1");
        PromotionPolicy policy = PromotionPolicy.of(app -> app.equals(APP) ? Optional.of(config) : Optional.empty());

        assertRefused(
                        () -> service(policy, TargetConfig.UNKNOWN).planPromotion(APP, "qa", "production", "carol"),
                        Reason.WRONG_SOURCE)
                .hasMessageContaining("production is promoted from staging only");
        assertThat(service(policy, TargetConfig.UNKNOWN)
                        .planPromotion(APP, "staging", "production", "carol")
                        .from())
                .isEqualTo("staging");
    }

    @Test
    void refusesWhenTheSameCommitIsAlreadyLiveInTheTarget() {
        releases.succeeded("staging", "v1");
        Release inProduction = releases.succeeded("production", "v1");

        assertRefused(() -> service().planPromotion(APP, "staging", "production", "carol"), Reason.ALREADY_LIVE)
                .hasMessageContaining("already live in production as release " + inProduction.id());
    }

    @Test
    void refusesPromotingAnEnvironmentToItself() {
        releases.succeeded("staging", "v1");

        assertRefused(() -> service().planPromotion(APP, "staging", "staging", "carol"), Reason.SAME_ENVIRONMENT);
    }

    @Test
    void markBadQuarantinesAnnouncesAndReportsOnceKeepingTheFirstMark() {
        Release release = releases.succeeded("staging", "v1");

        Release marked = service().markBad(release.id(), "leaks memory", "dave");
        Release again = service().markBad(release.id(), "something else", "frank");

        assertThat(marked.bad().by()).isEqualTo("dave");
        assertThat(again.bad().reason()).isEqualTo("leaks memory");
        assertThat(ledger.byId(release.id()).orElseThrow().isBad()).isTrue();
        assertThat(reportedBad).containsExactly(release.id() + ": leaks memory");
        assertThat(events)
                .filteredOn(e -> e.type() == EventType.MARKED_BAD)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.releaseId()).isEqualTo(release.id());
                    assertThat(e.actor()).isEqualTo("dave");
                    assertThat(e.detail()).isEqualTo("leaks memory");
                });
    }

    @Test
    void aReportThatFailsOrThrowsIsHandedToTheFailureHandlerAndTheMarkStands() {
        Release first = releases.succeeded("staging", "v1");
        Release second = releases.succeeded("staging", "v2");
        List<Throwable> failures = new ArrayList<>();
        RuntimeException unreachable = new IllegalStateException("GitHub unreachable");
        RuntimeException broken = new IllegalStateException("reporter broken");

        Release failedReport = PromotionService.over(ledger)
                .events(bus)
                .reporter((release, reason) -> CompletableFuture.failedFuture(unreachable), failures::add)
                .clock(clock)
                .build()
                .markBad(first.id(), "leaks memory", "dave");
        Release thrownReport = PromotionService.over(ledger)
                .events(bus)
                .reporter(
                        (release, reason) -> {
                            throw broken;
                        },
                        failures::add)
                .clock(clock)
                .build()
                .markBad(second.id(), "slow", "dave");

        assertThat(failures).containsExactly(unreachable, broken);
        assertThat(failedReport.isBad()).isTrue();
        assertThat(thrownReport.isBad()).isTrue();
        assertThat(events).filteredOn(e -> e.type() == EventType.MARKED_BAD).hasSize(2);
    }

    @Test
    void markBadNeedsAReasonAndAKnownRelease() {
        Release release = releases.succeeded("staging", "v1");

        assertThatThrownBy(() -> service().markBad(release.id(), " ", "dave"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Say why");
        assertThatThrownBy(() -> service().markBad("r9999999999", "x", "dave"))
                .isInstanceOf(io.jitploy.ledger.UnknownReleaseException.class);
        assertThat(reportedBad).isEmpty();
    }

    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertRefused(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable call, Reason reason) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(PromotionRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(reason));
    }
}
