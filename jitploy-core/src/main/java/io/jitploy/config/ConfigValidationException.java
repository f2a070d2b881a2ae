package io.jitploy.config;

import java.util.List;

/**
 * A {@code .jitploy.yml} that cannot be used. Carries every problem found, not just the first, so a user fixes
 * the file in one pass.
 */
public final class ConfigValidationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigValidationException(List<ConfigProblem> problems) {
        super(render(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in file order. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String render(List<ConfigProblem> problems) {
        StringBuilder out = new StringBuilder();
        out.append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                .append(" in the Jitploy configuration:");
        for (ConfigProblem problem : problems) {
            out.append(System.lineSeparator()).append("  ").append(problem);
        }
        return out.toString();
    }
}
