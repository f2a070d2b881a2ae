package io.jitploy.config;

import java.util.Objects;

/**
 * One problem found in a {@code .jitploy.yml}. Lines and columns are 1-based, 0 when unknown.
 *
 * @param source the file name the problem is in (e.g. {@code .jitploy.yml})
 * @param line 1-based line, 0 when the problem concerns the whole file
 * @param column 1-based column, 0 when unknown
 * @param message what is wrong
 * @param hint how to fix it
 */
public record ConfigProblem(String source, int line, int column, String message, String hint) {

    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    /** {@code file:line:column: message. Fix: hint}, the shape editors and CI logs link to. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(source);
        if (line > 0) {
            out.append(':').append(line);
            if (column > 0) {
                out.append(':').append(column);
            }
        }
        out.append(": ").append(message);
        if (!hint.isEmpty()) {
            out.append(". Fix: ").append(hint);
        }
        return out.toString();
    }
}
