package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ReleaseLedger#unfinished()}: the releases still queued or running, across applications and environments,
 * oldest first, also after a reopen from the snapshot or from the segments alone.
 */
class UnfinishedReleasesTest {
    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-02T09:00:00Z"));

    @ParameterizedTest(name = "reopened from the snapshot: {0}")
    @ValueSource(booleans = {true, false})
    void queuedAndRunningReleasesAreListedOldestFirstAlsoAfterAReopen(boolean keepSnapshot) throws IOException {
        String queued;
        String running;
        String otherApplication;
        try (FileReleaseLedger ledger =
                FileReleaseLedger.open(dir, LedgerOptions.defaults().withClock(clock))) {
            Release done = record(ledger, "shop", "staging", "1.0");
            ledger.markStarted(done.id(), clock.advance(Duration.ofMinutes(1)));
            ledger.finish(done.id(), ReleaseResult.SUCCEEDED, clock.advance(Duration.ofMinutes(1)), null);
            queued = record(ledger, "shop", "staging", "1.1").id();
            running = record(ledger, "shop", "production", "1.0").id();
            ledger.markStarted(running, clock.advance(Duration.ofMinutes(1)));
            Release aborted = record(ledger, "shop", "staging", "1.2");
            ledger.finish(aborted.id(), ReleaseResult.ABORTED, clock.advance(Duration.ofMinutes(1)), null);
            otherApplication = record(ledger, "cart", "staging", "7").id();

            assertThat(ledger.unfinished())
                    .extracting(Release::id, Release::result)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(queued, ReleaseResult.QUEUED),
                            org.assertj.core.groups.Tuple.tuple(running, ReleaseResult.RUNNING),
                            org.assertj.core.groups.Tuple.tuple(otherApplication, ReleaseResult.QUEUED));
        }
        if (!keepSnapshot) {
            Files.delete(dir.resolve(SnapshotFile.NAME));
        }

        try (FileReleaseLedger reopened =
                FileReleaseLedger.open(dir, LedgerOptions.defaults().withClock(clock))) {
            assertThat(reopened.openReport().snapshotSequence() > 0).isEqualTo(keepSnapshot);
            assertThat(reopened.unfinished())
                    .extracting(Release::id)
                    .containsExactly(queued, running, otherApplication);

            reopened.finish(running, ReleaseResult.FAILED, clock.advance(Duration.ofMinutes(1)), null);
            assertThat(reopened.unfinished()).extracting(Release::id).containsExactly(queued, otherApplication);
        }
    }

    @Test
    void aLedgerWithEveryReleaseFinishedHasNoneUnfinished() {
        ReleaseLedger ledger = ReleaseLedger.inMemory(clock);
        Release release = record(ledger, "shop", "staging", "1.0");
        assertThat(ledger.unfinished()).extracting(Release::id).containsExactly(release.id());

        ledger.finish(release.id(), ReleaseResult.SUPERSEDED, clock.advance(Duration.ofMinutes(1)), null);

        assertThat(ledger.unfinished()).isEmpty();
    }

    private Release record(ReleaseLedger ledger, String application, String environment, String version) {
        return ledger.record(ReleaseDraft.builder(application, environment, version)
                .sha("0123456789abcdef0123456789abcdef01234567")
                .build());
    }
}
