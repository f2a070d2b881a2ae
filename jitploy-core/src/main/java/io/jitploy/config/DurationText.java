package io.jitploy.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as people write them in {@code .jitploy.yml}: one or more {@code <number><unit>} parts, largest unit
 * first, units {@code d}, {@code h}, {@code m}, {@code s}, {@code ms} (e.g. {@code 62h}, {@code 1h30m},
 * {@code 2d}, {@code 500ms}). Public so that the Jenkins folder property and steps accept exactly the same syntax.
 */
public final class DurationText {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|d|h|m|s))+");
    private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|d|h|m|s)");
    private static final String[] ORDER = {"d", "h", "m", "s", "ms"};

    private DurationText() {}

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the text that is not a duration, or repeating/misordering units
     */
    public static Duration parse(String text) {
        String trimmed = text.trim();
        if (!WHOLE.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration");
        }
        Matcher part = PART.matcher(trimmed);
        Duration total = Duration.ZERO;
        int lastRank = -1;
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            String unit = part.group(2);
            int rank = rank(unit);
            if (rank <= lastRank) {
                throw new IllegalArgumentException(
                        "'" + text + "' repeats a unit or lists a smaller unit before a larger one");
            }
            lastRank = rank;
            total = total.plus(
                    switch (unit) {
                        case "d" -> Duration.ofDays(amount);
                        case "h" -> Duration.ofHours(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        default -> Duration.ofMillis(amount);
                    });
        }
        return total;
    }

    /** Text that {@link #parse} reads back as {@code duration}, e.g. {@code 1h30m}, {@code 62h}, {@code 8d}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        // "62h" reads better than "2d14h": days only for whole days, as people write freezes.
        if (duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() + "d";
        }
        append(out, duration.toHours(), "h");
        append(out, duration.toMinutesPart(), "m");
        append(out, duration.toSecondsPart(), "s");
        append(out, duration.toMillisPart(), "ms");
        return out.toString();
    }

    private static void append(StringBuilder out, long amount, String unit) {
        if (amount > 0) {
            out.append(amount).append(unit);
        }
    }

    private static int rank(String unit) {
        for (int i = 0; i < ORDER.length; i++) {
            if (ORDER[i].equals(unit)) {
                return i;
            }
        }
        throw new IllegalStateException(unit);
    }
}
