package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.health.HealthResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseLedgerQueriesTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final HealthResult HEALTHY = new HealthResult(true, 1, 200, "ok", Duration.ofSeconds(1));
    private static final HealthResult UNHEALTHY = new HealthResult(false, 5, 503, "status 503", Duration.ofSeconds(30));

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
    private FileReleaseLedger ledger;

    @BeforeEach
    void open() {
        ledger = FileReleaseLedger.open(dir, LedgerOptions.defaults().withClock(clock));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private Release deploy(String env, String version, ReleaseResult result) {
        return deploy(env, version, ReleaseDraft.builder("shop", env, version).sha("sha-" + version), result);
    }

    private Release deploy(String env, String version, ReleaseDraft.Builder draft, ReleaseResult result) {
        Release queued = ledger.record(draft.build());
        ledger.markStarted(queued.id(), clock.advance(Duration.ofMinutes(1)));
        return ledger.finish(queued.id(), result, clock.advance(Duration.ofMinutes(4)), null);
    }

    @Test
    void idsAreSequentialSortableAndStatesProgress() {
        Release first = ledger.record(ReleaseDraft.builder("shop", "staging", "1.0")
                .sha("abc")
                .ref("main")
                .user("ana")
                .buildUrl("https://ci/job/1")
                .build());
        Release second =
                ledger.record(ReleaseDraft.builder("shop", "staging", "1.1").build());

        assertThat(first.id()).isEqualTo("r0000000001");
        assertThat(second.id()).isEqualTo("r0000000002");
        assertThat(first.result()).isEqualTo(ReleaseResult.QUEUED);
        assertThat(first.queuedAt()).isEqualTo(T0);

        Release running = ledger.markStarted(first.id(), T0.plusSeconds(10));
        assertThat(running.result()).isEqualTo(ReleaseResult.RUNNING);
        assertThat(running.startedAt()).isEqualTo(T0.plusSeconds(10));

        Release done = ledger.finish(first.id(), ReleaseResult.SUCCEEDED, T0.plusSeconds(70), HEALTHY);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(70));
        assertThat(done.health()).isEqualTo(HEALTHY);
        assertThat(ledger.byId(first.id())).contains(done);
        assertThat(ledger.byId("r0000000099")).isEmpty();
    }

    @Test
    void refusesTransitionsTheStateDoesNotAllow() {
        Release release = deploy("staging", "1.0", ReleaseResult.SUCCEEDED);

        assertThatThrownBy(() -> ledger.markStarted(release.id(), T0))
                .isInstanceOf(ReleaseStateException.class)
                .hasMessageContaining("only a QUEUED release can start");
        assertThatThrownBy(() -> ledger.finish(release.id(), ReleaseResult.FAILED, T0, null))
                .isInstanceOf(ReleaseStateException.class)
                .hasMessageContaining("already finished as SUCCEEDED");
        Release other =
                ledger.record(ReleaseDraft.builder("shop", "staging", "1.1").build());
        assertThatThrownBy(() -> ledger.finish(other.id(), ReleaseResult.ROLLED_BACK, T0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sets ROLLED_BACK itself");
        assertThatThrownBy(() -> ledger.markBad("r0000000042", "broken", "ana"))
                .isInstanceOf(UnknownReleaseException.class)
                .hasMessageContaining("r0000000042");
        ledger.markBad(release.id(), "leaks memory", "ana");
        assertThatThrownBy(() -> ledger.markBad(release.id(), "again", "bob"))
                .isInstanceOf(ReleaseStateException.class)
                .hasMessageContaining("already marked bad by ana");
    }

    @Test
    void liveIsTheLatestSucceededRelease() {
        assertThat(ledger.live("shop", "staging")).isEmpty();
        Release v1 = deploy("staging", "1", ReleaseResult.SUCCEEDED);
        assertThat(ledger.live("shop", "staging")).contains(v1);

        Release v2 = deploy("staging", "2", ReleaseResult.SUCCEEDED);
        deploy("staging", "3", ReleaseResult.FAILED);
        deploy("staging", "4", ReleaseResult.ABORTED);
        ledger.record(ReleaseDraft.builder("shop", "staging", "5").build());
        assertThat(ledger.live("shop", "staging")).contains(v2);
        assertThat(ledger.live("shop", "production")).isEmpty();
        assertThat(ledger.live("other", "staging")).isEmpty();

        // The live pointer follows later changes to the live release itself.
        Release marked = ledger.setNote(v2.id(), "hotfix for checkout");
        assertThat(ledger.live("shop", "staging")).contains(marked);
        assertThat(marked.note()).isEqualTo("hotfix for checkout");
    }

    @Test
    void succeededRollbackMarksThePreviouslyLiveReleaseRolledBack() {
        Release v1 = deploy("production", "1", ReleaseResult.SUCCEEDED);
        Release v2 = deploy("production", "2", ReleaseResult.SUCCEEDED);

        Release rollback = deploy(
                "production",
                "1",
                ReleaseDraft.builder("shop", "production", "1").sha("sha-1").rollbackOf(v1.id()),
                ReleaseResult.SUCCEEDED);

        assertThat(rollback.trigger()).isEqualTo(Trigger.ROLLBACK);
        assertThat(rollback.rollbackOf()).isEqualTo(v1.id());
        assertThat(ledger.live("shop", "production")).contains(rollback);
        assertThat(ledger.byId(v2.id()).orElseThrow().result()).isEqualTo(ReleaseResult.ROLLED_BACK);
        assertThat(ledger.byId(v1.id()).orElseThrow().result()).isEqualTo(ReleaseResult.SUCCEEDED);
    }

    @Test
    void failedRollbackLeavesTheLiveReleaseAlone() {
        deploy("production", "1", ReleaseResult.SUCCEEDED);
        Release v2 = deploy("production", "2", ReleaseResult.SUCCEEDED);
        deploy(
                "production",
                "1",
                ReleaseDraft.builder("shop", "production", "1").rollbackOf("r0000000001"),
                ReleaseResult.FAILED);

        assertThat(ledger.live("shop", "production")).contains(v2);
    }

    @Test
    void lateUnhealthyResultFailsTheReleaseAndRestoresThePreviousLive() {
        Release v1 = deploy("staging", "1", ReleaseResult.SUCCEEDED);
        Release v2 = deploy("staging", "2", ReleaseResult.SUCCEEDED);

        Release checked = ledger.recordHealth(v2.id(), UNHEALTHY);

        assertThat(checked.result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(checked.health()).isEqualTo(UNHEALTHY);
        assertThat(ledger.live("shop", "staging")).contains(v1);
        assertThat(ledger.recordHealth(v1.id(), HEALTHY).result()).isEqualTo(ReleaseResult.SUCCEEDED);
    }

    @Test
    void rollbackToTheReleaseAlreadyRestoredByAFailedHealthCheckKeepsItGood() {
        Release v1 = deploy("staging", "1", ReleaseResult.SUCCEEDED);
        Release v2 = deploy("staging", "2", ReleaseResult.SUCCEEDED);
        ledger.recordHealth(v2.id(), UNHEALTHY);
        assertThat(ledger.live("shop", "staging")).contains(v1);

        Release rollback = deploy(
                "staging",
                "1",
                ReleaseDraft.builder("shop", "staging", "1").sha("sha-1").rollbackOf(v1.id()),
                ReleaseResult.SUCCEEDED);

        assertThat(ledger.live("shop", "staging")).contains(rollback);
        assertThat(ledger.byId(v1.id()).orElseThrow().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(ledger.byId(v2.id()).orElseThrow().result()).isEqualTo(ReleaseResult.FAILED);
    }

    @Test
    void historyIsNewestFirstAndPaginatedByNumberOrCursor() {
        for (int i = 1; i <= 120; i++) {
            ledger.record(ReleaseDraft.builder("shop", "staging", "v" + i).build());
            if (i % 10 == 0) {
                ledger.record(
                        ReleaseDraft.builder("shop", "production", "v" + i).build());
            }
        }

        HistoryPage first = ledger.history("shop", "staging", 0, 50);
        assertThat(first.total()).isEqualTo(120);
        assertThat(first.items()).hasSize(50);
        assertThat(first.items().get(0).version()).isEqualTo("v120");
        assertThat(first.items().get(49).version()).isEqualTo("v71");
        assertThat(first.nextCursor()).isEqualTo(first.items().get(49).id());

        // A new release between page reads shifts page numbers but not cursors.
        ledger.record(ReleaseDraft.builder("shop", "staging", "v121").build());
        HistoryPage second = ledger.history("shop", "staging", first.nextCursor(), 50);
        assertThat(second.items())
                .extracting(Release::version)
                .startsWith("v70")
                .endsWith("v21");
        HistoryPage third = ledger.history("shop", "staging", second.nextCursor(), 50);
        assertThat(third.items())
                .extracting(Release::version)
                .startsWith("v20")
                .endsWith("v1")
                .hasSize(20);
        assertThat(third.next()).isEmpty();

        HistoryPage byNumber = ledger.history("shop", "staging", 2, 50);
        assertThat(byNumber.items())
                .extracting(Release::version)
                .startsWith("v21")
                .endsWith("v1");
        assertThat(ledger.history("shop", "staging", 3, 50).items()).isEmpty();
        assertThat(ledger.history("shop", "staging", (String) null, 5).items())
                .extracting(Release::version)
                .containsExactly("v121", "v120", "v119", "v118", "v117");
        assertThat(ledger.history("shop", "production", 0, 50).items()).hasSize(12);
        assertThat(ledger.history("shop", "dev", 0, 50).items()).isEmpty();
        String productionId =
                ledger.history("shop", "production", 0, 1).items().get(0).id();
        assertThatThrownBy(() -> ledger.history("shop", "staging", productionId, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a release of shop/staging");
    }

    @Test
    void lastGoodBeforeSkipsUnusableReleasesWithReasons() {
        Release v1 = deploy("production", "1", ReleaseResult.SUCCEEDED);
        Release v2 = deploy("production", "2", ReleaseResult.SUCCEEDED);
        ledger.markIrreversible(v2.id(), "dba");
        Release v3 = deploy("production", "3", ReleaseResult.SUCCEEDED);
        Release v4 = deploy("production", "4", ReleaseResult.FAILED);
        Release v5 = deploy("production", "5", ReleaseResult.SUCCEEDED);
        ledger.markBad(v5.id(), "corrupts carts", "ana");
        Release v6 =
                ledger.record(ReleaseDraft.builder("shop", "production", "6").build());
        ledger.finish(v6.id(), ReleaseResult.SUPERSEDED, clock.advance(Duration.ofMinutes(1)), null);
        Release v7 = deploy("production", "7", ReleaseResult.SUCCEEDED);

        LastGood good = ledger.lastGoodBefore("shop", "production", v7.id());
        assertThat(good.release()).map(Release::id).contains(v3.id());
        assertThat(good.skipped())
                .extracting(s -> s.release().id(), SkippedRelease::reason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(v6.id(), SkippedRelease.Reason.SUPERSEDED),
                        org.assertj.core.groups.Tuple.tuple(v5.id(), SkippedRelease.Reason.MARKED_BAD),
                        org.assertj.core.groups.Tuple.tuple(v4.id(), SkippedRelease.Reason.FAILED));
        assertThat(good.crossesIrreversible()).isFalse();

        // The target itself may be irreversible: going back to it does not undo its migration.
        ledger.markBad(v3.id(), "slow", "bob");
        assertThat(ledger.lastGoodBefore("shop", "production", v7.id()).release())
                .map(Release::id)
                .contains(v2.id());

        ledger.markBad(v2.id(), "bad migration", "bob");
        LastGood pastFence = ledger.lastGoodBefore("shop", "production", v7.id());
        assertThat(pastFence.release()).map(Release::id).contains(v1.id());
        assertThat(pastFence.blockingRelease()).map(Release::id).contains(v2.id());
        assertThat(pastFence.fences()).extracting(Release::id).containsExactly(v2.id());
    }

    @Test
    void lastGoodBeforeCountsTheStartingReleaseAsAFenceAndSkipsSameVersion() {
        Release v1 = deploy("production", "1", ReleaseResult.SUCCEEDED);
        Release v2 = deploy("production", "2", ReleaseResult.SUCCEEDED);
        Release v2again = deploy("production", "2", ReleaseResult.SUCCEEDED);
        ledger.markIrreversible(v2again.id(), "dba");

        LastGood good = ledger.lastGoodBefore("shop", "production", v2again.id());

        assertThat(good.release()).map(Release::id).contains(v1.id());
        assertThat(good.skipped())
                .extracting(SkippedRelease::reason)
                .containsExactly(SkippedRelease.Reason.SAME_VERSION);
        assertThat(good.skipped().get(0).release().id()).isEqualTo(v2.id());
        assertThat(good.blockingRelease()).map(Release::id).contains(v2again.id());
        assertThat(ledger.lastGoodBefore("shop", "production", v1.id()).release())
                .isEmpty();
        assertThatThrownBy(() -> ledger.lastGoodBefore("shop", "staging", v1.id()))
                .isInstanceOf(UnknownReleaseException.class)
                .hasMessageContaining("shop/staging");
    }

    @Test
    void rollbackAndPromotionMustReferToKnownReleases() {
        Release staging = deploy("staging", "1", ReleaseResult.SUCCEEDED);

        assertThatThrownBy(() -> ledger.record(ReleaseDraft.builder("shop", "production", "1")
                        .rollbackOf(staging.id())
                        .build()))
                .isInstanceOf(UnknownReleaseException.class)
                .hasMessageContaining(staging.id())
                .hasMessageContaining("shop/production");
        assertThatThrownBy(() -> ledger.record(ReleaseDraft.builder("shop", "production", "1")
                        .promotedFrom("r0000000077")
                        .build()))
                .isInstanceOf(UnknownReleaseException.class);
        Release promoted = ledger.record(ReleaseDraft.builder("shop", "production", "1")
                .trigger(Trigger.PROMOTE)
                .promotedFrom(staging.id())
                .build());
        assertThat(promoted.promotedFrom()).isEqualTo(staging.id());
    }

    @Test
    void liveMatrixListsEnvironmentsWithALiveRelease() {
        Release staging = deploy("staging", "2", ReleaseResult.SUCCEEDED);
        Release production = deploy("production", "1", ReleaseResult.SUCCEEDED);
        deploy("dev", "3", ReleaseResult.FAILED);
        ledger.record(ReleaseDraft.builder("blog", "production", "9").build());

        assertThat(ledger.liveMatrix("shop"))
                .containsExactly(
                        java.util.Map.entry("production", production), java.util.Map.entry("staging", staging));
        assertThat(ledger.liveMatrix("blog")).isEmpty();
        assertThat(ledger.liveMatrix("nothing")).isEmpty();
    }

    @Test
    void configFingerprintsAreKeptAndCompared() {
        TreeMap<String, String> before = new TreeMap<>();
        before.put("DB_URL", "f1");
        before.put("API_KEY", "f2");
        before.put("OLD", "f3");
        TreeMap<String, String> after = new TreeMap<>();
        after.put("DB_URL", "f1");
        after.put("API_KEY", "f9");
        after.put("NEW_B", "f4");
        after.put("NEW_A", "f5");
        Release a = ledger.record(ReleaseDraft.builder("shop", "staging", "1")
                .configFingerprints(before)
                .build());
        Release b = ledger.record(ReleaseDraft.builder("shop", "staging", "2")
                .configFingerprints(after)
                .build());

        ConfigDiff diff = ConfigDiff.between(a.configFingerprints(), b.configFingerprints());

        assertThat(diff.added()).containsExactly("NEW_A", "NEW_B");
        assertThat(diff.removed()).containsExactly("OLD");
        assertThat(diff.changed()).containsExactly("API_KEY");
        assertThat(diff.isEmpty()).isFalse();
        assertThat(diff.describe()).isEqualTo("added NEW_A, NEW_B; removed OLD; changed API_KEY");
        assertThat(ConfigDiff.between(before, before).isEmpty()).isTrue();
        assertThat(ConfigDiff.between(before, before).describe()).isEqualTo("none");
        assertThat(ConfigDiff.between(before, new TreeMap<>()).describe()).isEqualTo("removed API_KEY, DB_URL, OLD");
        assertThat(ConfigDiff.between(new TreeMap<>(java.util.Comparator.reverseOrder()), after)
                        .added())
                .containsExactly("API_KEY", "DB_URL", "NEW_A", "NEW_B");
        // Survives a reopen byte for byte.
        ledger.close();
        ledger = FileReleaseLedger.open(dir, LedgerOptions.defaults().withClock(clock));
        assertThat(ledger.byId(b.id()).orElseThrow().configFingerprints()).isEqualTo(after);
    }

    @Test
    void worksTheSameInMemory() {
        try (ReleaseLedger memory = ReleaseLedger.inMemory(clock)) {
            Release r =
                    memory.record(ReleaseDraft.builder("shop", "staging", "1").build());
            memory.finish(r.id(), ReleaseResult.SUCCEEDED, T0, null);
            assertThat(memory.live("shop", "staging")).map(Release::id).contains(r.id());
            assertThat(memory.history("shop", "staging", 0, 10).items()).hasSize(1);
        }
    }

    @Test
    void closedLedgerRefusesUse() {
        ledger.close();
        assertThatThrownBy(() -> ledger.live("shop", "staging"))
                .isInstanceOf(LedgerException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> ledger.record(
                        ReleaseDraft.builder("shop", "staging", "1").build()))
                .isInstanceOf(LedgerException.class);
        ledger = FileReleaseLedger.open(dir, LedgerOptions.defaults().withClock(clock));
    }

    @Test
    void draftsNeedNames() {
        assertThatThrownBy(() -> ReleaseDraft.builder("shop", " ", "1").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("environment");
        assertThat(List.of(ReleaseDraft.builder("a", "b", "c").build().trigger()))
                .containsExactly(Trigger.PUSH);
    }
}
