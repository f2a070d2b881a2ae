package io.jitploy.config;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * A recurring freeze: it starts whenever {@code cron} fires in {@code zone} and lasts {@code duration} of
 * elapsed time, covering {@code [start, start + duration)}: frozen at the start instant, no longer at the end.
 *
 * <p>Daylight-saving rules: a start time that falls in a skipped hour (spring forward) moves forward by the length
 * of the gap, as {@link ZonedDateTime#of(LocalDateTime, ZoneId)} does; a start time that occurs twice (fall back)
 * starts once, at its first occurrence. The duration is real elapsed time, so a 62h freeze that spans a DST change
 * ends 62 hours after it began, at a wall-clock time one hour earlier or later than usual.
 *
 * @param cron when the freeze starts
 * @param duration how long it lasts, positive
 * @param zone the time zone {@code cron} is read in
 * @param reason what users are told, e.g. "weekend"
 */
public record FreezeWindow(CronExpression cron, Duration duration, ZoneId zone, String reason)
        implements FreezeSchedule {
    /** How far ahead {@link #nextStart} looks before deciding the expression never fires (e.g. 30 FEB). */
    private static final int LOOKAHEAD_DAYS = 366 * 5;

    public FreezeWindow {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(reason, "reason");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a freeze duration must be positive");
        }
    }

    @Override
    public Optional<ActiveFreeze> activeAt(Instant now) {
        return lastStartAtOrBefore(now)
                .map(start -> start.plus(duration))
                .filter(end -> end.isAfter(now))
                .map(end -> new ActiveFreeze(description(), end));
    }

    /** The first start strictly after {@code after}, or empty if the expression never fires. */
    public Optional<Instant> nextStart(Instant after) {
        LocalDate date = after.atZone(zone).toLocalDate().minusDays(1);
        for (int day = 0; day <= LOOKAHEAD_DAYS; day++, date = date.plusDays(1)) {
            if (!cron.matchesDate(date)) {
                continue;
            }
            // A skipped (DST gap) time shifts forward past later minutes when the gap is not whole hours (Lord Howe's
            // is 30 minutes: 02:10 starts at 02:40, after 02:35), so take the day's minimum, not its first.
            Instant earliest = null;
            for (int hour : cron.hours()) {
                for (int minute : cron.minutes()) {
                    Instant start = startOf(date, hour, minute);
                    if (start.isAfter(after) && (earliest == null || start.isBefore(earliest))) {
                        earliest = start;
                    }
                }
            }
            if (earliest != null) {
                return Optional.of(earliest);
            }
        }
        return Optional.empty();
    }

    /** What users see, e.g. {@code weekend (0 18 * * FRI Europe/Paris, 62h)}. */
    String description() {
        return reason + " (" + cron + " " + zone.getId() + ", " + DurationText.format(duration) + ")";
    }

    private Optional<Instant> lastStartAtOrBefore(Instant now) {
        LocalDate date = now.atZone(zone).toLocalDate().plusDays(1);
        // Any start older than the duration has ended; one extra day covers DST shifts at the edges.
        long days = duration.toDays() + 3;
        int[] hours = cron.hours();
        int[] minutes = cron.minutes();
        for (long day = 0; day <= days; day++, date = date.minusDays(1)) {
            // Every start of a day is at or after the day's first instant: skip days that begin after now.
            if (!cron.matchesDate(date) || date.atStartOfDay(zone).toInstant().isAfter(now)) {
                continue;
            }
            // Within a day, a skipped (DST gap) time shifts forward past later minutes, so take the day's maximum.
            Instant latest = null;
            for (int hour : hours) {
                for (int minute : minutes) {
                    Instant start = startOf(date, hour, minute);
                    if (!start.isAfter(now) && (latest == null || start.isAfter(latest))) {
                        latest = start;
                    }
                }
            }
            if (latest != null) {
                return Optional.of(latest);
            }
        }
        return Optional.empty();
    }

    private Instant startOf(LocalDate date, int hour, int minute) {
        return ZonedDateTime.of(date.atTime(hour, minute), zone).toInstant();
    }
}
