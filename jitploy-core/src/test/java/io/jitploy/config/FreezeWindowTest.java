package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.config.FreezeSchedule.ActiveFreeze;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FreezeWindowTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private static FreezeWindow window(String cron, String duration, ZoneId zone, String reason) {
        return new FreezeWindow(CronExpression.parse(cron), DurationText.parse(duration), zone, reason);
    }

    @Test
    void weekendFreezeInParisInWinter() {
        // Fri 2026-01-16 18:00 Paris (UTC+1) = 17:00Z, for 62h: ends Mon 2026-01-19 08:00 Paris = 07:00Z.
        FreezeWindow weekend = window("0 18 * * FRI", "62h", PARIS, "weekend");

        assertThat(weekend.activeAt(Instant.parse("2026-01-16T16:59:59Z"))).isEmpty();
        assertThat(weekend.activeAt(Instant.parse("2026-01-16T17:00:00Z")))
                .contains(new ActiveFreeze(
                        "weekend (0 18 * * FRI Europe/Paris, 62h)", Instant.parse("2026-01-19T07:00:00Z")));
        assertThat(weekend.activeAt(Instant.parse("2026-01-18T12:00:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-01-19T07:00:00Z"));
        assertThat(weekend.activeAt(Instant.parse("2026-01-19T06:59:59Z"))).isPresent();
        assertThat(weekend.activeAt(Instant.parse("2026-01-19T07:00:00Z"))).isEmpty();
        assertThat(weekend.nextStart(Instant.parse("2026-01-16T17:00:00Z")))
                .contains(Instant.parse("2026-01-23T17:00:00Z"));
    }

    @Test
    void springForwardShortensTheWallClockButNotTheDuration() {
        // DST starts Sun 2026-03-29 02:00 Paris. Fri 27 18:00 CET = 17:00Z; 62h later = Mon 30 07:00Z = 09:00 CEST.
        FreezeWindow weekend = window("0 18 * * FRI", "62h", PARIS, "weekend");
        assertThat(weekend.activeAt(Instant.parse("2026-03-30T06:59:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-03-30T07:00:00Z"));
        // The next Friday starts at 18:00 CEST = 16:00Z.
        assertThat(weekend.nextStart(Instant.parse("2026-03-30T07:00:00Z")))
                .contains(Instant.parse("2026-04-03T16:00:00Z"));
    }

    @Test
    void aStartInsideTheSkippedHourMovesForwardByTheGap() {
        // 02:30 does not exist on 2026-03-29 in Paris; it starts at 03:30 CEST = 01:30Z.
        FreezeWindow night = window("30 2 * * *", "1h", PARIS, "night");
        assertThat(night.nextStart(Instant.parse("2026-03-28T12:00:00Z")))
                .contains(Instant.parse("2026-03-29T01:30:00Z"));
        assertThat(night.activeAt(Instant.parse("2026-03-29T01:29:00Z"))).isEmpty();
        assertThat(night.activeAt(Instant.parse("2026-03-29T02:29:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-03-29T02:30:00Z"));
    }

    @Test
    void aRepeatedHourStartsOnlyOnceAtItsFirstOccurrence() {
        // DST ends Sun 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 happens at 00:30Z and at 01:30Z.
        FreezeWindow night = window("30 2 * * *", "30m", PARIS, "night");
        assertThat(night.nextStart(Instant.parse("2026-10-24T12:00:00Z")))
                .contains(Instant.parse("2026-10-25T00:30:00Z"));
        assertThat(night.nextStart(Instant.parse("2026-10-25T00:30:00Z")))
                .contains(Instant.parse("2026-10-26T01:30:00Z"));
        assertThat(night.activeAt(Instant.parse("2026-10-25T00:45:00Z"))).isPresent();
        assertThat(night.activeAt(Instant.parse("2026-10-25T01:45:00Z"))).isEmpty();
    }

    @Test
    void crossMidnightWindowsAreActiveOnBothDays() {
        FreezeWindow nightly = window("0 22 * * MON-FRI", "9h", ZoneOffset.UTC, "batch jobs");
        assertThat(nightly.activeAt(Instant.parse("2026-01-13T23:30:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-01-14T07:00:00Z"));
        assertThat(nightly.activeAt(Instant.parse("2026-01-14T06:00:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-01-14T07:00:00Z"));
        // Friday night's window runs into Saturday morning; none starts on Saturday.
        assertThat(nightly.activeAt(Instant.parse("2026-01-17T05:00:00Z"))).isPresent();
        assertThat(nightly.activeAt(Instant.parse("2026-01-17T23:00:00Z"))).isEmpty();
        assertThat(nightly.nextStart(Instant.parse("2026-01-17T00:00:00Z")))
                .contains(Instant.parse("2026-01-19T22:00:00Z"));
    }

    @Test
    void calendarReportsTheLatestEndOfOverlappingAndTouchingWindows() {
        FreezeWindow weekend = window("0 18 * * FRI", "62h", PARIS, "weekend");
        FreezeWindow release = window("0 6 19 JAN *", "1d", PARIS, "release day");
        FreezeWindow following = window("0 6 20 JAN *", "6h", PARIS, "follow-up");
        FreezeCalendar calendar = new FreezeCalendar(List.of(weekend, release, following));

        // Sunday: only the weekend is active, but the release-day freeze starts (Mon 06:00) before it ends
        // (Mon 08:00) and the follow-up starts exactly when the release day ends: one freeze until Tue 12:00 Paris.
        Optional<ActiveFreeze> sunday = calendar.activeAt(Instant.parse("2026-01-18T12:00:00Z"));
        assertThat(sunday.map(ActiveFreeze::endsAt)).contains(Instant.parse("2026-01-20T11:00:00Z"));
        assertThat(sunday.map(ActiveFreeze::reason))
                .hasValueSatisfying(r -> assertThat(r).startsWith("weekend"));

        Optional<ActiveFreeze> monday = calendar.activeAt(Instant.parse("2026-01-19T06:00:00Z"));
        assertThat(monday.map(ActiveFreeze::reason))
                .hasValueSatisfying(r -> assertThat(r).contains("weekend").contains("release day"));
        assertThat(calendar.activeAt(Instant.parse("2026-01-20T11:00:00Z"))).isEmpty();
        assertThat(calendar.nextStart(Instant.parse("2026-01-20T11:00:00Z")))
                .contains(Instant.parse("2026-01-23T17:00:00Z"));
        assertThat(new FreezeCalendar(List.of()).activeAt(Instant.EPOCH)).isEmpty();
    }

    @Test
    void aScheduleFrozenForeverStillAnswers() {
        FreezeCalendar always = new FreezeCalendar(List.of(window("* * * * *", "1m", ZoneOffset.UTC, "always")));
        Optional<ActiveFreeze> active = always.activeAt(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(active).isPresent();
        assertThat(active.get().endsAt()).isAfter(Instant.parse("2026-01-01T00:01:00Z"));
    }

    @Test
    void cronSyntax() {
        FreezeWindow steps = window("*/15 9-17/4 1,15 JAN-MAR,DEC *", "1m", ZoneOffset.UTC, "x");
        assertThat(steps.nextStart(Instant.parse("2026-03-15T17:50:00Z")))
                .contains(Instant.parse("2026-12-01T09:00:00Z"));
        assertThat(steps.nextStart(Instant.parse("2026-12-01T09:00:00Z")))
                .contains(Instant.parse("2026-12-01T09:15:00Z"));
        assertThat(steps.nextStart(Instant.parse("2026-12-01T09:45:00Z")))
                .contains(Instant.parse("2026-12-01T13:00:00Z"));
        // Both day fields restricted: either matches (classic cron). 2026-02-13 is a Friday, the 1st is Sunday.
        FreezeWindow either = window("0 0 1 * FRI", "1m", ZoneOffset.UTC, "x");
        assertThat(either.nextStart(Instant.parse("2026-02-01T00:00:00Z")))
                .contains(Instant.parse("2026-02-06T00:00:00Z"));
        assertThat(either.nextStart(Instant.parse("2026-02-27T00:00:00Z")))
                .contains(Instant.parse("2026-03-01T00:00:00Z"));
        // 0 and 7 are both Sunday.
        assertThat(window("0 0 * * 7", "1m", ZoneOffset.UTC, "x").nextStart(Instant.parse("2026-01-01T00:00:00Z")))
                .contains(Instant.parse("2026-01-04T00:00:00Z"));
        assertThat(window("0 0 30 2 *", "1m", ZoneOffset.UTC, "x").nextStart(Instant.EPOCH))
                .isEmpty();

        assertThatThrownBy(() -> CronExpression.parse("0 18 * *")).hasMessageContaining("has 4 fields");
        assertThatThrownBy(() -> CronExpression.parse("60 * * * *")).hasMessageContaining("not a valid minute");
        assertThatThrownBy(() -> CronExpression.parse("0 0 * FOO *")).hasMessageContaining("JAN-DEC");
        assertThatThrownBy(() -> CronExpression.parse("0 0 * * FRI-MON")).hasMessageContaining("backwards");
        assertThat(CronExpression.parse("0 5-5 * * *").hours())
                .as("a range whose ends are equal is one value, not backwards")
                .containsExactly(5);
        assertThatThrownBy(() -> CronExpression.parse("*/0 * * * *")).hasMessageContaining("not a valid minute");
    }

    @Test
    void durations() {
        assertThat(DurationText.parse("62h")).isEqualTo(Duration.ofHours(62));
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.parse("1m")).isEqualTo(Duration.ofSeconds(60));
        assertThat(DurationText.parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(DurationText.format(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(DurationText.format(Duration.ofMillis(86_400_250))).isEqualTo("24h250ms");
        assertThat(DurationText.format(Duration.ofDays(8))).isEqualTo("8d");
        assertThatThrownBy(() -> DurationText.parse("30m1h")).hasMessageContaining("smaller unit before");
        assertThatThrownBy(() -> DurationText.parse("1 hour")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("-1h")).hasMessageContaining("not a duration");
    }

    @net.jqwik.api.Property(tries = 300)
    void durationsRoundTrip(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 10_000_000_000L) long millis) {
        Duration duration = Duration.ofMillis(millis);
        assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
    }
}
