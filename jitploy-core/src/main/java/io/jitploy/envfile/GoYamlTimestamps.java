package io.jitploy.envfile;

import java.time.YearMonth;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * How sops' YAML parser (go-yaml v3, {@code resolve.go parseTimestamp}) reads plain scalars that look like dates. The
 * YAML 1.2 core schema has no timestamps, but go-yaml turns {@code 2001-12-14} or {@code 2001-12-14T21:59:43.10Z}
 * into a time, which sops encrypts with {@code type:time} and covers by the MAC as Go's {@code MarshalText} writes
 * it ({@code 2001-12-14T00:00:00Z}). Reading such an unencrypted value as a string would give another MAC than sops.
 *
 * <p>go-yaml tries Go's {@code time.Parse} with four layouts: {@code 2006-1-2T15:4:5.999999999Z07:00}, the same with
 * a lower-case {@code t}, {@code 2006-1-2 15:4:5.999999999} (UTC) and {@code 2006-1-2} (UTC midnight).
 */
final class GoYamlTimestamps {
    /** The tag the resolver gives plain scalars that go-yaml reads as times. */
    static final Tag TAG = new Tag(Tag.PREFIX + "timestamp");

    private final String text;
    private int at;

    private GoYamlTimestamps(String text) {
        this.text = text;
    }

    /**
     * The time go-yaml reads from a plain scalar, as Go's {@code time.MarshalText} writes it (RFC 3339, fraction
     * without trailing zeros, {@code Z} for a zero offset); empty when go-yaml keeps the text as a string.
     */
    static Optional<String> parse(String text) {
        if (text.length() < 8 || !digits(text, 0, 4) || text.charAt(4) != '-') {
            return Optional.empty();
        }
        return new GoYamlTimestamps(text).read();
    }

    private Optional<String> read() {
        int year = Integer.parseInt(text.substring(0, 4));
        at = 5;
        int month = number();
        int day = expect('-') ? number() : -1;
        if (month < 1
                || month > 12
                || day < 1
                || day > YearMonth.of(year, month).lengthOfMonth()) {
            return Optional.empty();
        }
        if (at == text.length()) {
            return Optional.of(format(year, month, day, 0, 0, 0, 0, "Z"));
        }
        char separator = text.charAt(at++);
        if (separator != 'T' && separator != 't' && separator != ' ') {
            return Optional.empty();
        }
        int hour = number();
        int minute = expect(':') ? number() : -1;
        int second = expect(':') ? number() : -1;
        if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
            return Optional.empty();
        }
        int nanos = fraction();
        String zone = "Z";
        if (separator != ' ') {
            zone = zone();
            if (zone == null) {
                return Optional.empty();
            }
        }
        if (at != text.length()) {
            return Optional.empty();
        }
        return Optional.of(format(year, month, day, hour, minute, second, nanos, zone));
    }

    /** One or two digits, as Go's non-fixed {@code getnum}; -1 if there is none. */
    private int number() {
        if (!digits(text, at, 1)) {
            return -1;
        }
        int value = text.charAt(at++) - '0';
        if (digits(text, at, 1)) {
            value = value * 10 + (text.charAt(at++) - '0');
        }
        return value;
    }

    private boolean expect(char c) {
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    /** An optional fraction after {@code .} or {@code ,}; Go keeps the first nine digits and skips the rest. */
    private int fraction() {
        if (at + 1 >= text.length() || (text.charAt(at) != '.' && text.charAt(at) != ',') || !digits(text, at + 1, 1)) {
            return 0;
        }
        at++;
        int nanos = 0;
        int count = 0;
        while (digits(text, at, 1)) {
            if (count < 9) {
                nanos = nanos * 10 + (text.charAt(at) - '0');
                count++;
            }
            at++;
        }
        for (; count < 9; count++) {
            nanos *= 10;
        }
        return nanos;
    }

    /** {@code Z}, or {@code ±hh:mm} written back as Go does ({@code Z} when the offset is zero); null if neither. */
    private String zone() {
        if (expect('Z')) {
            return "Z";
        }
        if (at + 6 > text.length()) {
            return null;
        }
        char sign = text.charAt(at);
        if ((sign != '+' && sign != '-')
                || !digits(text, at + 1, 2)
                || text.charAt(at + 3) != ':'
                || !digits(text, at + 4, 2)) {
            return null;
        }
        String offset = text.substring(at, at + 6);
        at += 6;
        return offset.substring(1).equals("00:00") ? "Z" : offset;
    }

    private static String format(
            int year, int month, int day, int hour, int minute, int second, int nanos, String zone) {
        StringBuilder out = new StringBuilder(String.format(
                java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second));
        if (nanos != 0) {
            String digits = String.format(java.util.Locale.ROOT, "%09d", nanos);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') {
                end--;
            }
            out.append('.').append(digits, 0, end);
        }
        return out.append(zone).toString();
    }

    private static boolean digits(String s, int from, int count) {
        if (from + count > s.length()) {
            return false;
        }
        for (int i = from; i < from + count; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
