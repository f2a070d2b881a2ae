package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.deploy.DisconnectTolerance.GiveUp;
import io.jitploy.deploy.DisconnectTolerance.KeepWaiting;
import io.jitploy.deploy.DisconnectTolerance.Stage;
import io.jitploy.deploy.DisconnectTolerance.Verdict;
import java.time.Duration;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class DisconnectToleranceTest {
    private static final Instant T0 = Instant.parse("2026-05-04T10:00:00Z");
    private static final String HINT = "set -Dpatience=15m on the controller";
    private final DisconnectTolerance tolerance = new DisconnectTolerance(Duration.ofMinutes(5), HINT);

    @Test
    void theFirstSightingWaitsAndAnnouncesHowLong() {
        Verdict verdict = tolerance.check("linux-1", Stage.RUNNING, null, T0, "ChannelClosedException: closed");

        assertThat(verdict).isInstanceOf(KeepWaiting.class);
        KeepWaiting waiting = (KeepWaiting) verdict;
        assertThat(waiting.since()).isEqualTo(T0);
        assertThat(waiting.announcement())
                .hasValue("Agent linux-1 is offline (ChannelClosedException: closed); waiting up to 5 minutes for it"
                        + " to come back; the deploy command may still be running there.");
    }

    @Test
    void laterSightingsWithinThePatienceWaitQuietly() {
        Verdict verdict = tolerance.check("linux-1", Stage.RUNNING, T0, T0.plusSeconds(299), null);

        assertThat(verdict).isEqualTo(new KeepWaiting(T0, java.util.Optional.empty()));
    }

    @Test
    void aRunningCommandIsGivenUpOnceThePatienceIsOverWithWhatToDo() {
        Verdict verdict = tolerance.check("linux-1", Stage.RUNNING, T0, T0.plusSeconds(300), null);

        assertThat(verdict).isInstanceOf(GiveUp.class);
        GiveUp giveUp = (GiveUp) verdict;
        assertThat(giveUp.message())
                .isEqualTo("Agent linux-1 has been offline for 5 minutes; no longer following the deploy command,"
                        + " which may still be running there. The deploy is recorded as failed: check agent linux-1"
                        + " and what the command did, then deploy again. To wait longer, " + HINT + ".");
        assertThat(giveUp.outcome())
                .isEqualTo("agent linux-1 was offline for 5 minutes; the deploy command's result is unknown");
    }

    @Test
    void beforeLaunchTheMessagesSayTheCommandWasNotStarted() {
        KeepWaiting waiting = (KeepWaiting) tolerance.check("linux-1", Stage.LAUNCH, null, T0, null);
        assertThat(waiting.announcement())
                .hasValue("Agent linux-1 is offline; waiting up to 5 minutes for it to come back before starting"
                        + " the deploy command.");

        GiveUp giveUp = (GiveUp) tolerance.check("linux-1", Stage.LAUNCH, T0, T0.plusSeconds(301), null);
        assertThat(giveUp.message())
                .contains("the deploy command was not started")
                .contains(HINT);
        assertThat(giveUp.outcome())
                .isEqualTo("agent linux-1 was offline for 5m1s; the deploy command was not started");
    }

    @Test
    void zeroPatienceGivesUpAtOnceAsBefore() {
        DisconnectTolerance none = new DisconnectTolerance(Duration.ZERO, null);

        GiveUp giveUp = (GiveUp) none.check("linux-1", Stage.RUNNING, null, T0, null);
        assertThat(giveUp.message()).doesNotContain("To wait longer");
    }

    @Test
    void theBuiltInNodeIsNamedAsSuch() {
        KeepWaiting waiting = (KeepWaiting) tolerance.check("", Stage.RUNNING, null, T0, null);
        assertThat(waiting.announcement().orElseThrow()).startsWith("The built-in node is offline");
    }

    @Test
    void aClockThatStepsBackDoesNotCountAsTimeOffline() {
        assertThat(tolerance.check("a", Stage.RUNNING, T0, T0.minusSeconds(3600), null))
                .isInstanceOf(KeepWaiting.class);
    }

    @Test
    void backOnlineSaysForHowLong() {
        assertThat(tolerance.backOnline("linux-1", T0, T0.plusSeconds(42)))
                .isEqualTo("Agent linux-1 is back after 42 seconds; carrying on with the deploy command.");
    }

    @Test
    void thePatienceIsParsedAsADurationDefaultingToPipelines() {
        assertThat(DisconnectTolerance.parse(null, null).patience()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DisconnectTolerance.parse(" ", null).patience()).isEqualTo(Duration.ofMinutes(5));
        assertThat(DisconnectTolerance.parse("1h30m", null).patience()).isEqualTo(Duration.ofMinutes(90));
        assertThat(DisconnectTolerance.parse("0s", null).patience()).isZero();
        assertThatThrownBy(() -> DisconnectTolerance.parse("soon", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'soon' is not a duration");
        assertThatThrownBy(() -> new DisconnectTolerance(Duration.ofSeconds(-1), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void durationsInWords() {
        assertThat(DisconnectTolerance.words(Duration.ofMinutes(1))).isEqualTo("1 minute");
        assertThat(DisconnectTolerance.words(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(DisconnectTolerance.words(Duration.ofMillis(400))).isEqualTo("0 seconds");
        assertThat(DisconnectTolerance.words(Duration.ofSeconds(150))).isEqualTo("2m30s");
        assertThat(DisconnectTolerance.words(Duration.ofHours(2))).isEqualTo("120 minutes");
        assertThat(DisconnectTolerance.words(Duration.ZERO)).isEqualTo("0 seconds");
        assertThat(DisconnectTolerance.words(Duration.ofSeconds(119))).isEqualTo("119 seconds");
        assertThat(DisconnectTolerance.words(Duration.ofSeconds(120, 500_000_000)))
                .as("past two minutes, a duration that is not whole minutes is not counted in seconds")
                .isEqualTo("2m");
    }

    /** Gives up exactly once the time offline reaches the patience, and from then on never waits again. */
    @Property(tries = 500)
    void givesUpExactlyWhenThePatienceIsSpent(
            @ForAll @LongRange(min = 0, max = 7_200_000) long patienceMillis,
            @ForAll @LongRange(min = 0, max = 7_200_000) long offlineMillis,
            @ForAll @LongRange(min = 0, max = 7_200_000) long laterMillis,
            @ForAll boolean firstSighting,
            @ForAll Stage stage) {
        DisconnectTolerance policy = new DisconnectTolerance(Duration.ofMillis(patienceMillis), null);
        Instant first = firstSighting ? null : T0;
        Instant now = firstSighting ? T0 : T0.plusMillis(offlineMillis);
        long offline = firstSighting ? 0 : offlineMillis;

        Verdict verdict = policy.check("a", stage, first, now, null);

        assertThat(verdict instanceof GiveUp).isEqualTo(offline >= patienceMillis);
        if (verdict instanceof KeepWaiting waiting) {
            assertThat(waiting.since()).isEqualTo(firstSighting ? now : T0);
            assertThat(waiting.announcement().isPresent()).isEqualTo(firstSighting);
        } else {
            Verdict afterwards = policy.check("a", stage, T0, now.plusMillis(laterMillis), null);
            assertThat(afterwards).isInstanceOf(GiveUp.class);
        }
    }
}
