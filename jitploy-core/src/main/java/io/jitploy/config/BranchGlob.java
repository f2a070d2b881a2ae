package io.jitploy.config;

import java.util.Objects;

/**
 * A branch-name pattern. Within one {@code /}-separated segment, {@code *} matches any run of characters and
 * {@code ?} one character; a segment that is exactly {@code **} matches zero or more whole segments (so
 * {@code release/**} matches {@code release}, {@code release/1.2} and {@code release/1.2/hotfix}). Everything else
 * matches itself.
 */
final class BranchGlob {
    private final String text;
    private final String[] segments;

    private BranchGlob(String text) {
        this.text = text;
        this.segments = text.split("/", -1);
    }

    /**
     * Parses and checks {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong with the pattern
     */
    static BranchGlob parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("an empty branch pattern matches nothing");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == 0x7f || "~^:\\[".indexOf(c) >= 0) {
                throw new IllegalArgumentException(
                        "'" + text + "' contains '" + printable(c) + "', which git does not allow in branch names");
            }
        }
        if (text.startsWith("/") || text.endsWith("/") || text.contains("//")) {
            throw new IllegalArgumentException("'" + text + "' has an empty path segment");
        }
        for (String segment : text.split("/", -1)) {
            if (segment.contains("**") && !segment.equals("**")) {
                throw new IllegalArgumentException("'" + text + "' uses '**' inside a segment; '**' must be a whole"
                        + " segment such as 'release/**', use '*' to match within a segment");
            }
        }
        return new BranchGlob(text);
    }

    boolean matches(String branch) {
        String[] names = branch.split("/", -1);
        Boolean[][] memo = new Boolean[segments.length + 1][names.length + 1];
        return matchFrom(0, names, 0, memo);
    }

    @Override
    public String toString() {
        return text;
    }

    private boolean matchFrom(int p, String[] names, int n, Boolean[][] memo) {
        if (memo[p][n] != null) {
            return memo[p][n];
        }
        boolean result;
        if (p == segments.length) {
            result = n == names.length;
        } else if (segments[p].equals("**")) {
            result = false;
            for (int skip = n; skip <= names.length && !result; skip++) {
                result = matchFrom(p + 1, names, skip, memo);
            }
        } else {
            result = n < names.length && segmentMatches(segments[p], names[n]) && matchFrom(p + 1, names, n + 1, memo);
        }
        memo[p][n] = result;
        return result;
    }

    /** Classic wildcard match with single backtracking point: linear in practice, never exponential. */
    private static boolean segmentMatches(String pattern, String name) {
        int p = 0;
        int n = 0;
        int star = -1;
        int resume = 0;
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static String printable(char c) {
        return c == ' ' ? "space" : c < ' ' || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }
}
