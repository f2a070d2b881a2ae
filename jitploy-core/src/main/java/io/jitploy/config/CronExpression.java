package io.jitploy.config;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.Locale;
import java.util.Objects;

/**
 * A five-field cron expression: minute, hour, day of month, month, day of week. Each field takes {@code *},
 * numbers, ranges {@code a-b}, lists {@code a,b}, steps {@code * /n} or {@code a-b/n}, and names for months
 * ({@code JAN}…) and days ({@code SUN}…, with {@code 0} and {@code 7} both Sunday). As in classic cron, when
 * both day fields are restricted a day matches if either matches.
 */
public final class CronExpression {
    private static final String[] MONTHS = {
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"
    };
    private static final String[] DAYS = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

    private final String text;
    private final int[] minutes;
    private final int[] hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronExpression(String text, String[] fields) {
        this.text = text;
        this.minutes = field(fields[0], "minute", 0, 59, null, 0).stream().toArray();
        this.hours = field(fields[1], "hour", 0, 23, null, 0).stream().toArray();
        this.daysOfMonth = field(fields[2], "day of month", 1, 31, null, 0);
        this.months = field(fields[3], "month", 1, 12, MONTHS, 1);
        BitSet days = field(fields[4], "day of week", 0, 7, DAYS, 0);
        if (days.get(7)) {
            days.set(0);
            days.clear(7);
        }
        this.daysOfWeek = days;
        this.anyDayOfMonth = fields[2].startsWith("*");
        this.anyDayOfWeek = fields[4].startsWith("*");
    }

    /**
     * Parses a five-field expression such as {@code 0 18 * * FRI}.
     *
     * @throws IllegalArgumentException naming the bad field and what it accepts
     */
    public static CronExpression parse(String text) {
        Objects.requireNonNull(text, "text");
        String[] fields = text.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("'" + text + "' has " + fields.length
                    + " fields; a cron expression has 5: minute hour day-of-month month day-of-week");
        }
        return new CronExpression(text.trim(), fields);
    }

    /** Whether the expression fires on some minute of {@code date}. */
    boolean matchesDate(LocalDate date) {
        if (!months.get(date.getMonthValue())) {
            return false;
        }
        boolean dom = daysOfMonth.get(date.getDayOfMonth());
        boolean dow = daysOfWeek.get(
                date.getDayOfWeek() == DayOfWeek.SUNDAY
                        ? 0
                        : date.getDayOfWeek().getValue());
        if (anyDayOfMonth && anyDayOfWeek) {
            return true;
        }
        if (anyDayOfMonth) {
            return dow;
        }
        if (anyDayOfWeek) {
            return dom;
        }
        return dom || dow;
    }

    /** Hours of the day the expression fires in, ascending. Callers must not modify the array. */
    int[] hours() {
        return hours;
    }

    /** Minutes of the hour the expression fires at, ascending. Callers must not modify the array. */
    int[] minutes() {
        return minutes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CronExpression cron && cron.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The expression as written. */
    @Override
    public String toString() {
        return text;
    }

    private static BitSet field(String spec, String name, int min, int max, String[] names, int firstNameValue) {
        BitSet bits = new BitSet(max + 1);
        for (String item : spec.split(",", -1)) {
            int step = 1;
            String range = item;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), name, 1, max, null, 0);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max == 7 ? 6 : max;
            } else {
                int dash = range.indexOf('-');
                if (dash > 0) {
                    from = number(range.substring(0, dash), name, min, max, names, firstNameValue);
                    to = number(range.substring(dash + 1), name, min, max, names, firstNameValue);
                    if (to < from) {
                        throw new IllegalArgumentException(
                                "the " + name + " range '" + range + "' goes backwards; write the smaller value first");
                    }
                } else {
                    from = number(range, name, min, max, names, firstNameValue);
                    to = slash >= 0 ? (max == 7 ? 6 : max) : from;
                }
            }
            for (int value = from; value <= to; value += step) {
                bits.set(value);
            }
        }
        return bits;
    }

    private static int number(String token, String name, int min, int max, String[] names, int firstNameValue) {
        if (names != null) {
            String upper = token.toUpperCase(Locale.ROOT);
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(upper)) {
                    return i + firstNameValue;
                }
            }
        }
        try {
            int value = Integer.parseInt(token);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below with the accepted range
        }
        String accepted = min + "-" + max + (names == null ? "" : " or " + names[0] + "-" + names[names.length - 1]);
        throw new IllegalArgumentException("'" + token + "' is not a valid " + name + " (" + accepted + ")");
    }
}
