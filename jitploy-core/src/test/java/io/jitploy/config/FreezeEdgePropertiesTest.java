package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.FreezeSchedule.ActiveFreeze;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Window edges of {@link FreezeWindow} and {@link FreezeCalendar} against a brute-force reference written from the
 * documented semantics (docs/configuration.md, {@code freeze}):
 *
 * <ul>
 *   <li>a window starts at every local minute {@code cron} fires in its zone; a local time in a DST gap starts later
 *       by the length of the gap, a local time that occurs twice starts once, at its first occurrence;
 *   <li>it covers {@code [start, start + duration)}: the start instant is frozen, the instant the duration ends is
 *       not;
 *   <li>one window reports the latest end of its starts that cover now; a calendar follows overlapping or touching
 *       windows (of any window, the same one included) to the end of the chain, for at most 100 windows.
 * </ul>
 *
 * The reference walks every local minute of a bounded range and derives instants from {@link ZoneRules} directly, so
 * it shares no date arithmetic with the code under test. Instants are clustered around DST changes (Berlin, New York,
 * Lord Howe's half-hour shift), month and year ends, Feb 29 and a week boundary, and are often placed exactly on a
 * start or an end (and one nanosecond either side).
 */
class FreezeEdgePropertiesTest {
    private static final Instant[] BASES = {
        Instant.parse("2026-03-29T01:00:00Z"), // Europe/Berlin spring forward (02:00 -> 03:00)
        Instant.parse("2026-10-25T01:00:00Z"), // Europe/Berlin fall back (03:00 -> 02:00)
        Instant.parse("2026-03-08T07:00:00Z"), // America/New_York spring forward
        Instant.parse("2026-11-01T06:00:00Z"), // America/New_York fall back
        Instant.parse("2026-10-03T15:30:00Z"), // Australia/Lord_Howe spring forward (02:00 -> 02:30)
        Instant.parse("2026-04-04T15:00:00Z"), // Australia/Lord_Howe fall back (02:00 -> 01:30)
        Instant.parse("2028-02-29T00:00:00Z"), // leap day
        Instant.parse("2026-01-31T23:00:00Z"), // month end
        Instant.parse("2026-04-30T22:00:00Z"), // month end, 30 days
        Instant.parse("2026-12-31T23:00:00Z"), // year end
        Instant.parse("2026-01-04T23:00:00Z"), // Sunday -> Monday
        Instant.parse("2026-06-15T12:00:00Z")
    };

    /** A moment near {@code base}: on a start or end edge of the window if {@code kind} says so. */
    record Moment(Instant base, int pick, int kind, long offsetMillis) {}

    // ---- properties ----

    @Property(tries = 600)
    void aWindowIsFrozenExactlyInsideOneOfItsStartsPlusDuration(
            @ForAll("windows") FreezeWindow window, @ForAll("moments") Moment moment) {
        Instant now = place(window, moment);

        Optional<Instant> expected = referenceStarts(window, now.minus(window.duration()), now).stream()
                .filter(start -> !start.isAfter(now))
                .map(start -> start.plus(window.duration()))
                .filter(end -> end.isAfter(now))
                .max(Comparator.naturalOrder());

        assertThat(window.activeAt(now).map(ActiveFreeze::endsAt))
                .as("%s at %s", window.description(), now)
                .isEqualTo(expected);
    }

    @Property(tries = 400)
    void aCalendarIsFrozenUntilTheEndOfTheChainOfOverlappingOrTouchingWindows(
            @ForAll("calendars") List<FreezeWindow> windows, @ForAll("moments") Moment moment) {
        FreezeCalendar calendar = new FreezeCalendar(windows);
        Instant now = place(windows.get(0), moment);
        Duration longest = windows.stream()
                .map(FreezeWindow::duration)
                .max(Comparator.naturalOrder())
                .orElseThrow();
        Instant horizon = now.plus(longest).plus(Duration.ofDays(10));

        List<Instant[]> intervals = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Instant firstEnd = null;
        for (FreezeWindow window : windows) {
            boolean covers = false;
            for (Instant start : referenceStarts(window, now.minus(window.duration()), horizon)) {
                Instant end = start.plus(window.duration());
                intervals.add(new Instant[] {start, end});
                if (!start.isAfter(now) && end.isAfter(now)) {
                    covers = true;
                    firstEnd = firstEnd == null || end.isAfter(firstEnd) ? end : firstEnd;
                }
            }
            if (covers) {
                reasons.add(window.description());
            }
        }

        Optional<ActiveFreeze> active = calendar.activeAt(now);
        if (firstEnd == null) {
            assertThat(active).as("not frozen at %s", now).isEmpty();
            return;
        }
        assertThat(active).as("frozen at %s", now).isPresent();
        assertThat(active.get().reason()).isEqualTo(String.join("; ", reasons));

        // Follow the union of [start, end) intervals from now; touching intervals continue the freeze.
        intervals.sort(Comparator.comparing(interval -> interval[0]));
        Instant chainEnd = firstEnd;
        for (Instant[] interval : intervals) {
            if (interval[0].isAfter(chainEnd)) {
                break;
            }
            if (interval[1].isAfter(chainEnd)) {
                chainEnd = interval[1];
            }
        }
        final Instant end = chainEnd;
        boolean known = end.isBefore(horizon.minus(longest));
        long followed = intervals.stream()
                .filter(interval -> interval[1].isAfter(now) && !interval[1].isAfter(end))
                .count();

        Instant reported = active.get().endsAt();
        assertThat(reported)
                .as("never before the end of the windows active now")
                .isAfterOrEqualTo(firstEnd);
        if (known && followed <= 100) {
            assertThat(reported).as("end of the chain from %s", now).isEqualTo(end);
        } else if (known) {
            // a chain longer than the documented bound may be reported early, never late
            assertThat(reported).isBeforeOrEqualTo(end);
        }
    }

    @Property(tries = 400)
    void nextStartIsTheEarliestStartStrictlyAfter(
            @ForAll("windows") FreezeWindow window, @ForAll("moments") Moment moment) {
        Instant after = place(window, moment);
        Instant until = after.plus(Duration.ofDays(8));

        Optional<Instant> expected = referenceStarts(window, after, until).stream()
                .filter(start -> start.isAfter(after) && start.isBefore(until))
                .min(Comparator.naturalOrder());

        Optional<Instant> next = window.nextStart(after);
        if (expected.isPresent()) {
            assertThat(next).as("%s after %s", window.description(), after).isEqualTo(expected);
        } else {
            next.ifPresent(start -> assertThat(start).isAfterOrEqualTo(until));
        }
    }

    @Property(tries = 600)
    void rightAtDaylightSavingChangesBothAnswersMatchTheReference(
            @ForAll("dstWindows") FreezeWindow window, @ForAll int pick, @ForAll("edges") int kind) {
        // the base is the window's own zone's change, so every try is at a gap or a repeated hour
        Instant base = Arrays.stream(BASES)
                .filter(instant -> window.zone().getRules().nextTransition(instant.minusSeconds(1)) != null
                        && window.zone()
                                .getRules()
                                .nextTransition(instant.minusSeconds(1))
                                .getInstant()
                                .equals(instant))
                .findFirst()
                .orElseThrow();
        Instant now = place(window, new Moment(base, pick, kind, 0));

        Optional<Instant> expectedEnd = referenceStarts(window, now.minus(window.duration()), now).stream()
                .filter(start -> !start.isAfter(now))
                .map(start -> start.plus(window.duration()))
                .filter(end -> end.isAfter(now))
                .max(Comparator.naturalOrder());
        assertThat(window.activeAt(now).map(ActiveFreeze::endsAt))
                .as("%s at %s", window.description(), now)
                .isEqualTo(expectedEnd);

        Optional<Instant> expectedNext = referenceStarts(window, now, now.plus(Duration.ofDays(2))).stream()
                .filter(start -> start.isAfter(now))
                .min(Comparator.naturalOrder());
        assertThat(window.nextStart(now))
                .as("%s after %s", window.description(), now)
                .isEqualTo(expectedNext);
    }

    // ---- examples: each decision stated once, readably ----

    @Example
    void theStartInstantIsFrozenAndTheEndInstantIsNot() {
        FreezeWindow window = window("0 18 * * FRI", Duration.ofHours(62), "Europe/Berlin");
        Instant start = Instant.parse("2026-01-16T17:00:00Z");
        Instant end = Instant.parse("2026-01-19T07:00:00Z");

        assertThat(window.activeAt(start.minusNanos(1))).isEmpty();
        assertThat(window.activeAt(start).map(ActiveFreeze::endsAt)).contains(end);
        assertThat(window.activeAt(end.minusNanos(1)).map(ActiveFreeze::endsAt)).contains(end);
        assertThat(window.activeAt(end)).isEmpty();
    }

    @Example
    void aStartInTheSpringGapStartsLaterByTheGap() {
        // Berlin 2026-03-29: 02:30 does not exist; it starts at 03:30 CEST = 01:30Z.
        FreezeWindow berlin = window("30 2 * * *", Duration.ofHours(1), "Europe/Berlin");
        assertThat(berlin.activeAt(Instant.parse("2026-03-29T01:29:59Z"))).isEmpty();
        assertThat(berlin.activeAt(Instant.parse("2026-03-29T01:30:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-03-29T02:30:00Z"));
        // New York 2026-03-08: 02:30 does not exist; it starts at 03:30 EDT = 07:30Z.
        FreezeWindow newYork = window("30 2 * * *", Duration.ofHours(1), "America/New_York");
        assertThat(newYork.activeAt(Instant.parse("2026-03-08T07:29:59Z"))).isEmpty();
        assertThat(newYork.activeAt(Instant.parse("2026-03-08T07:30:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-03-08T08:30:00Z"));
    }

    @Example
    void aStartInTheRepeatedHourStartsOnceAtItsFirstOccurrence() {
        // New York 2026-11-01: 01:30 happens at 05:30Z (EDT) and 06:30Z (EST).
        FreezeWindow newYork = window("30 1 * * *", Duration.ofMinutes(30), "America/New_York");
        assertThat(newYork.activeAt(Instant.parse("2026-11-01T05:30:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-11-01T06:00:00Z"));
        assertThat(newYork.activeAt(Instant.parse("2026-11-01T06:30:00Z"))).isEmpty();
        assertThat(newYork.nextStart(Instant.parse("2026-11-01T05:30:00Z")))
                .contains(Instant.parse("2026-11-02T06:30:00Z"));
    }

    @Example
    void leapDayAndMonthEndWindows() {
        FreezeWindow leapDay = window("0 0 29 FEB *", Duration.ofDays(1), "UTC");
        assertThat(leapDay.nextStart(Instant.parse("2024-03-01T00:00:00Z")))
                .contains(Instant.parse("2028-02-29T00:00:00Z"));
        assertThat(leapDay.activeAt(Instant.parse("2028-02-29T23:59:59Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2028-03-01T00:00:00Z"));
        assertThat(leapDay.activeAt(Instant.parse("2028-03-01T00:00:00Z"))).isEmpty();

        // The last evening of any month with 31 days, running into the 1st of the next.
        FreezeWindow monthEnd = window("0 22 31 * *", Duration.ofHours(4), "Europe/Berlin");
        assertThat(monthEnd.activeAt(Instant.parse("2026-01-01T00:30:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-01-01T01:00:00Z"));
        assertThat(monthEnd.activeAt(Instant.parse("2026-05-01T00:30:00Z")))
                .as("April has 30 days")
                .isEmpty();
    }

    @Example
    void aStartOlderThanTheWholeDaysOfTheDurationStillCoversNowAcrossTheSpringGap() {
        // Sat 2026-03-28 23:30 CET = 22:30Z, for 23h50m: until Sun 29 22:20Z = Mon 30 00:20 CEST. At Mon 00:15
        // local the start is two local dates back although the duration is less than a day.
        FreezeWindow once = window("30 23 28 3 *", Duration.ofMinutes(23 * 60 + 50), "Europe/Berlin");
        assertThat(once.activeAt(Instant.parse("2026-03-29T22:15:00Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-03-29T22:20:00Z"));
    }

    @Example
    void windowsLongerThanTheirPeriodAreFrozenThroughoutAndTheCalendarReportsTheChainEnd() {
        // Every day at 00:00 for 36h: each window overlaps the next.
        FreezeWindow daily = window("0 0 * * *", Duration.ofHours(36), "UTC");
        Instant now = Instant.parse("2026-06-15T13:00:00Z");
        // The window alone reports the end of its latest start (today's 00:00 + 36h)...
        assertThat(daily.activeAt(now).map(ActiveFreeze::endsAt)).contains(Instant.parse("2026-06-16T12:00:00Z"));
        // ...the calendar follows the chain for 100 windows: it is frozen for ever, so that is an early answer.
        assertThat(new FreezeCalendar(List.of(daily)).activeAt(now).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-06-15T00:00:00Z")
                        .plus(Duration.ofDays(100))
                        .plus(Duration.ofHours(36)));

        // Two such windows active now: the chain is followed from the later of their ends (Jun 17 00:00), each of the
        // 100 steps adding 36h.
        FreezeWindow noon = window("0 12 * * *", Duration.ofHours(36), "UTC");
        assertThat(new FreezeCalendar(List.of(daily, noon)).activeAt(now).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2026-06-17T00:00:00Z").plus(Duration.ofHours(36 * 100)));

        // A yearly freeze of 400 days is frozen throughout, its start more than a year back.
        FreezeWindow yearly = window("0 0 1 JAN *", Duration.ofDays(400), "UTC");
        assertThat(yearly.activeAt(Instant.parse("2027-12-31T23:59:59Z")).map(ActiveFreeze::endsAt))
                .contains(Instant.parse("2028-02-05T00:00:00Z"));
    }

    @Example
    void nextStartInLordHowesHalfHourGapIsTheEarliestInstant() {
        // Lord Howe 2026-10-04: 02:00 -> 02:30 (+10:30 -> +11). 02:10 moves to 02:40 but 02:35 exists: the next start
        // after 01:00 local is 02:35 (15:35Z on the 3rd), not 02:40.
        FreezeWindow window = window("10,35 2 * * *", Duration.ofMinutes(1), "Australia/Lord_Howe");
        assertThat(window.nextStart(Instant.parse("2026-10-03T14:30:00Z")))
                .contains(Instant.parse("2026-10-03T15:35:00Z"));
        assertThat(new FreezeCalendar(List.of(window)).nextStart(Instant.parse("2026-10-03T14:30:00Z")))
                .contains(Instant.parse("2026-10-03T15:35:00Z"));
    }

    // ---- reference ----

    /** Every start of {@code window} whose instant could lie in [from, to], sorted, each once. */
    static List<Instant> referenceStarts(FreezeWindow window, Instant from, Instant to) {
        ZoneRules rules = window.zone().getRules();
        LocalDateTime local = from.atZone(window.zone())
                .toLocalDateTime()
                .truncatedTo(ChronoUnit.MINUTES)
                .minusHours(6);
        LocalDateTime last = to.atZone(window.zone()).toLocalDateTime().plusHours(6);
        TreeSet<Instant> starts = new TreeSet<>();
        for (; !local.isAfter(last); local = local.plusMinutes(1)) {
            if (fires(window.cron(), local)) {
                starts.add(instantOf(local, rules));
            }
        }
        return new ArrayList<>(starts);
    }

    /** The documented reading of a local start time: shifted by the gap if skipped, first occurrence if repeated. */
    private static Instant instantOf(LocalDateTime local, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(local);
        if (offsets.isEmpty()) {
            ZoneOffsetTransition gap = rules.getTransition(local);
            return local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
        }
        return offsets.stream()
                .map(local::toInstant)
                .min(Comparator.naturalOrder())
                .orElseThrow();
    }

    private static boolean fires(CronExpression cron, LocalDateTime local) {
        return cron.matchesDate(local.toLocalDate())
                && Arrays.stream(cron.hours()).anyMatch(h -> h == local.getHour())
                && Arrays.stream(cron.minutes()).anyMatch(m -> m == local.getMinute());
    }

    /** {@code now} for a moment: a start or end edge of {@code window} near the base, or a plain offset. */
    private static Instant place(FreezeWindow window, Moment moment) {
        Instant base = moment.base();
        Instant near = base.plusMillis(moment.offsetMillis());
        if (moment.kind() >= 6) {
            return near;
        }
        List<Instant> starts = referenceStarts(window, base.minus(Duration.ofDays(3)), base.plus(Duration.ofDays(3)));
        if (starts.isEmpty()) {
            return near;
        }
        Instant start = starts.get(Math.floorMod(moment.pick(), starts.size()));
        Instant end = start.plus(window.duration());
        return switch (moment.kind()) {
            case 0 -> start.minusNanos(1);
            case 1 -> start;
            case 2 -> start.plusNanos(1);
            case 3 -> end.minusNanos(1);
            case 4 -> end;
            default -> end.plusNanos(1);
        };
    }

    private static FreezeWindow window(String cron, Duration duration, String zone) {
        return new FreezeWindow(CronExpression.parse(cron), duration, ZoneId.of(zone), "r");
    }

    // ---- generators ----

    @Provide
    Arbitrary<FreezeWindow> windows() {
        Arbitrary<String> minute = Arbitraries.of("0", "30", "59", "*/20", "15,45", "10,35", "0-4");
        Arbitrary<String> hour = Arbitraries.of("*", "0", "23", "2", "1-3", "22", "*/5", "0,12", "2,3");
        Arbitrary<String> dayOfMonth = Arbitraries.of("*", "*", "*", "1", "28-31", "29", "31");
        Arbitrary<String> month = Arbitraries.of("*", "*", "*", "FEB", "1-3", "DEC", "OCT,NOV");
        Arbitrary<String> dayOfWeek = Arbitraries.of("*", "*", "*", "SUN", "MON-FRI", "6", "0,6");
        Arbitrary<String> cron = Combinators.combine(minute, hour, dayOfMonth, month, dayOfWeek)
                .as((m, h, dom, mon, dow) -> String.join(" ", m, h, dom, mon, dow));
        Arbitrary<String> zone = Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe");
        return Combinators.combine(cron, durations(), zone)
                .as((c, d, z) -> new FreezeWindow(CronExpression.parse(c), d, ZoneId.of(z), "w " + c));
    }

    @Provide
    Arbitrary<FreezeWindow> dstWindows() {
        Arbitrary<String> minute = Arbitraries.of("0", "30", "59", "*/20", "15,45", "10,35", "0-59/7", "*");
        Arbitrary<String> hour = Arbitraries.of("*", "1", "2", "3", "1-3", "2,3", "0-4/2", "0,2");
        Arbitrary<String> cron = Combinators.combine(minute, hour).as((m, h) -> m + " " + h + " * * *");
        Arbitrary<String> zone = Arbitraries.of("Europe/Berlin", "America/New_York", "Australia/Lord_Howe");
        return Combinators.combine(cron, durations(), zone)
                .as((c, d, z) -> new FreezeWindow(CronExpression.parse(c), d, ZoneId.of(z), "w " + c));
    }

    @Provide
    Arbitrary<Integer> edges() {
        return Arbitraries.integers().between(0, 5);
    }

    @Provide
    Arbitrary<List<FreezeWindow>> calendars() {
        return windows().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<Moment> moments() {
        return Combinators.combine(
                        Arbitraries.of(BASES),
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.integers().between(0, 8),
                        Arbitraries.longs().between(-3L * 24 * 3600 * 1000, 3L * 24 * 3600 * 1000))
                .as(Moment::new);
    }

    private static Arbitrary<Duration> durations() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(35, Arbitraries.longs().between(1, 180).map(Duration::ofMinutes)),
                net.jqwik.api.Tuple.of(
                        25, Arbitraries.longs().between(1, 3 * 24 * 60).map(Duration::ofMinutes)),
                net.jqwik.api.Tuple.of(
                        10,
                        Arbitraries.longs().between(3 * 24 * 60, 40 * 24 * 60).map(Duration::ofMinutes)),
                net.jqwik.api.Tuple.of(
                        15,
                        Arbitraries.of(
                                Duration.ofMinutes(1),
                                Duration.ofMinutes(30),
                                Duration.ofHours(1),
                                Duration.ofHours(23),
                                Duration.ofDays(1),
                                Duration.ofHours(25),
                                Duration.ofHours(62),
                                Duration.ofDays(7),
                                Duration.ofDays(1).minusNanos(1),
                                Duration.ofDays(2).plusNanos(1))),
                net.jqwik.api.Tuple.of(
                        15,
                        Arbitraries.longs().between(1, 5L * 24 * 3600 * 1000).map(Duration::ofMillis)));
    }
}
