package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.FreezeSchedule.ActiveFreeze;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link FreezeWindow} against a brute-force reference that walks every local minute around the instant, with
 * instants clustered around the 2026 DST changes so gaps and repeated hours are exercised.
 */
class FreezeWindowPropertiesTest {
    private static final Instant[] AROUND = {
        Instant.parse("2026-03-29T01:00:00Z"), // Europe/Paris spring forward
        Instant.parse("2026-10-25T01:00:00Z"), // Europe/Paris fall back
        Instant.parse("2026-03-08T07:00:00Z"), // America/New_York spring forward
        Instant.parse("2026-06-15T12:00:00Z")
    };

    @Property(tries = 300)
    void activeAtMatchesAMinuteByMinuteReference(
            @ForAll("crons") String cron,
            @ForAll("zones") String zone,
            @ForAll("durations") Duration duration,
            @ForAll("instants") Instant now) {
        FreezeWindow window = new FreezeWindow(CronExpression.parse(cron), duration, ZoneId.of(zone), "r");

        Optional<Instant> expectedEnd = referenceLastStart(window, now)
                .map(start -> start.plus(duration))
                .filter(end -> end.isAfter(now));

        assertThat(window.activeAt(now).map(ActiveFreeze::endsAt)).isEqualTo(expectedEnd);
    }

    @Property(tries = 300)
    void nextStartMatchesAMinuteByMinuteReference(
            @ForAll("crons") String cron, @ForAll("zones") String zone, @ForAll("instants") Instant after) {
        FreezeWindow window = new FreezeWindow(CronExpression.parse(cron), Duration.ofMinutes(1), ZoneId.of(zone), "r");

        Optional<Instant> next = window.nextStart(after);

        // The earliest instant, not the first local minute: a time shifted out of a DST gap that is not a whole
        // hour (Lord Howe) lands after later local minutes.
        Optional<Instant> expected = Optional.empty();
        LocalDateTime local = after.atZone(window.zone()).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
        for (int minute = -120; minute < 8 * 24 * 60; minute++) {
            LocalDateTime candidate = local.plusMinutes(minute);
            if (fires(window.cron(), candidate)) {
                Instant start = ZonedDateTime.of(candidate, window.zone()).toInstant();
                if (start.isAfter(after) && (expected.isEmpty() || start.isBefore(expected.get()))) {
                    expected = Optional.of(start);
                }
            }
        }
        if (expected.isPresent()) {
            assertThat(next).contains(expected.get());
        } else {
            // no start in the 8 days the reference walked (less DST slack): the next one is later, if any
            Instant walked = after.plus(Duration.ofDays(8)).minus(Duration.ofHours(3));
            next.ifPresent(start -> assertThat(start).isAfter(walked));
        }
    }

    /** The latest start at or before {@code now}, found by trying every local minute that could have started one. */
    private static Optional<Instant> referenceLastStart(FreezeWindow window, Instant now) {
        LocalDateTime local = now.atZone(window.zone()).toLocalDateTime().truncatedTo(ChronoUnit.MINUTES);
        long minutes = window.duration().toMinutes() + 180;
        Instant best = null;
        for (long back = -180; back <= minutes; back++) {
            LocalDateTime candidate = local.minusMinutes(back);
            if (fires(window.cron(), candidate)) {
                Instant start = ZonedDateTime.of(candidate, window.zone()).toInstant();
                if (!start.isAfter(now) && (best == null || start.isAfter(best))) {
                    best = start;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean fires(CronExpression cron, LocalDateTime local) {
        return cron.matchesDate(local.toLocalDate())
                && Arrays.stream(cron.hours()).anyMatch(h -> h == local.getHour())
                && Arrays.stream(cron.minutes()).anyMatch(m -> m == local.getMinute());
    }

    @Provide
    Arbitrary<String> crons() {
        Arbitrary<String> minute = Arbitraries.of("0", "30", "*/20", "15,45", "59");
        Arbitrary<String> hour = Arbitraries.of("*", "2", "1-3", "22", "*/5", "0,12");
        Arbitrary<String> dayOfMonth = Arbitraries.of("*", "*", "8", "25-31");
        Arbitrary<String> dayOfWeek = Arbitraries.of("*", "*", "SUN", "MON-FRI", "6");
        return net.jqwik.api.Combinators.combine(minute, hour, dayOfMonth, dayOfWeek)
                .as((m, h, dom, dow) -> m + " " + h + " " + dom + " * " + dow);
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Paris", "America/New_York", "Australia/Lord_Howe");
    }

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.longs().between(1, 2 * 24 * 60).map(Duration::ofMinutes);
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.of(AROUND).flatMap(base -> Arbitraries.longs()
                .between(-3 * 24 * 3600, 3 * 24 * 3600)
                .map(base::plusSeconds));
    }
}
