package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoraMetricsTest {
    private static final Instant D0 = Instant.parse("2026-03-02T00:00:00Z");
    private static final Instant D10 = D0.plus(Duration.ofDays(10));

    @TempDir
    Path dir;

    private FileReleaseLedger ledger;

    @BeforeEach
    void open() {
        ledger = FileReleaseLedger.open(dir, LedgerOptions.defaults().withClock(new TestClock(D0)));
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private static Instant at(Duration offset) {
        return D0.plus(offset);
    }

    private static Duration h(long hours) {
        return Duration.ofHours(hours);
    }

    private static Duration d(long days, long hours) {
        return Duration.ofDays(days).plusHours(hours);
    }

    private Release deploy(String version, Instant commit, Instant finished, ReleaseResult result, boolean rollback) {
        ReleaseDraft.Builder draft = ReleaseDraft.builder("shop", "production", version)
                .commitTime(commit)
                .queuedAt(finished.minus(Duration.ofMinutes(10)));
        if (rollback) {
            draft.rollbackOf("r0000000001");
        }
        Release r = ledger.record(draft.build());
        ledger.markStarted(r.id(), finished.minus(Duration.ofMinutes(5)));
        return ledger.finish(r.id(), result, finished, null);
    }

    @Test
    void computesTheFourMetricsOverTheWindow() {
        deploy("0", at(h(-50)), at(h(-48)), ReleaseResult.SUCCEEDED, false); // before the window
        deploy("1", at(h(-1)), at(h(1)), ReleaseResult.SUCCEEDED, false); // lead 2h
        Release r2 = deploy("2", at(d(1, 0)), at(d(1, 4)), ReleaseResult.SUCCEEDED, false); // lead 4h, later bad
        ledger.markBad(r2.id(), "breaks checkout", "ana");
        deploy("3", at(d(1, 5)), at(d(1, 6)), ReleaseResult.FAILED, false); // same failure episode
        deploy("4", at(d(1, 9)), at(d(1, 10)), ReleaseResult.SUCCEEDED, false); // lead 1h, restores after 6h
        deploy("5", at(d(2, 0)), at(d(2, 1)), ReleaseResult.ABORTED, false); // deployed nothing
        Release r6 =
                ledger.record(ReleaseDraft.builder("shop", "production", "6").build());
        ledger.finish(r6.id(), ReleaseResult.SUPERSEDED, at(d(2, 2)), null); // deployed nothing
        deploy("7", at(d(2, 0)), at(d(3, 0)), ReleaseResult.SUCCEEDED, false); // lead 24h, then rolled back
        deploy("1", at(h(-1)), at(d(3, 2)), ReleaseResult.SUCCEEDED, true); // rollback restores after 2h
        deploy("9", at(d(5, 0)), at(d(5, 1)), ReleaseResult.FAILED, false); // never restored
        deploy("x", at(d(0, 0)), at(d(2, 0)), ReleaseResult.SUCCEEDED, false); // lead 48h, between the episodes

        DoraMetrics dora = ledger.dora("shop", "production", D0, D10);

        assertThat(dora.deployments()).isEqualTo(8);
        assertThat(dora.successfulDeployments()).isEqualTo(6);
        assertThat(dora.deploymentsPerDay()).isCloseTo(0.6, within(1e-9));
        // Lead times 2h, 4h, 1h, 24h, 48h (rollback excluded): median 4h.
        assertThat(dora.medianLeadTime()).isEqualTo(h(4));
        assertThat(dora.failedDeployments()).isEqualTo(4);
        assertThat(dora.changeFailureRate()).isCloseTo(4.0 / 8, within(1e-9));
        assertThat(dora.restores()).isEqualTo(2);
        assertThat(dora.meanTimeToRestore()).isEqualTo(h(4));
        assertThat(dora.medianTimeToRestore()).isEqualTo(h(4));
        assertThat(dora.unrestored()).isEqualTo(1);
    }

    @Test
    void restoreAfterTheWindowStillCountsForAnEpisodeThatStartedInIt() {
        deploy("1", at(h(0)), at(h(1)), ReleaseResult.FAILED, false);
        deploy("2", at(h(0)), at(d(12, 1)), ReleaseResult.SUCCEEDED, false);

        DoraMetrics dora = ledger.dora("shop", "production", D0, D10);

        assertThat(dora.deployments()).isEqualTo(1);
        assertThat(dora.restores()).isEqualTo(1);
        assertThat(dora.meanTimeToRestore()).isEqualTo(Duration.ofDays(12));
        assertThat(dora.unrestored()).isZero();
    }

    @Test
    void emptyWindowHasZeroRatesAndNoDurations() {
        DoraMetrics dora = ledger.dora("shop", "production", D0, D10);

        assertThat(dora.deployments()).isZero();
        assertThat(dora.deploymentsPerDay()).isZero();
        assertThat(dora.changeFailureRate()).isZero();
        assertThat(dora.medianLeadTime()).isNull();
        assertThat(dora.meanTimeToRestore()).isNull();
        assertThatThrownBy(() -> ledger.dora("shop", "production", D10, D0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be before");
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddlePair() {
        assertThat(DoraCalculator.median(java.util.List.of(h(1), h(10), h(2), h(4))))
                .isEqualTo(h(3));
    }
}
