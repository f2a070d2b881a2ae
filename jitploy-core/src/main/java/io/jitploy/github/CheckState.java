package io.jitploy.github;

import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCommitState;

/** The state of one status context or check run, reduced to what the gate needs. */
record CheckState(Outcome outcome, String detail) {
    enum Outcome {
        PASSED,
        RUNNING,
        FAILED
    }

    static CheckState ofStatus(GHCommitState state) {
        String detail = state == null ? "unknown" : state.name().toLowerCase(java.util.Locale.ROOT);
        if (state == GHCommitState.SUCCESS) {
            return new CheckState(Outcome.PASSED, detail);
        }
        if (state == GHCommitState.PENDING) {
            return new CheckState(Outcome.RUNNING, detail);
        }
        return new CheckState(Outcome.FAILED, detail);
    }

    static CheckState ofCheckRun(GHCheckRun run) {
        String status =
                run.getStatus() == null ? "" : run.getStatus().toString().toLowerCase(java.util.Locale.ROOT);
        if (!status.equals("completed")) {
            return new CheckState(Outcome.RUNNING, "check run " + (status.isEmpty() ? "unknown" : status));
        }
        String conclusion = run.getConclusion() == null
                ? "none"
                : run.getConclusion().toString().toLowerCase(java.util.Locale.ROOT);
        // Conclusions the library does not know arrive as "unknown" and block, which is the safe side.
        return switch (conclusion) {
            case "success", "neutral", "skipped" -> new CheckState(Outcome.PASSED, "check run " + conclusion);
            default -> new CheckState(Outcome.FAILED, "check run " + conclusion);
        };
    }

    /** The state that blocks more: failed over running over passed. */
    static CheckState worse(CheckState a, CheckState b) {
        return a.outcome().compareTo(b.outcome()) >= 0 ? a : b;
    }
}
