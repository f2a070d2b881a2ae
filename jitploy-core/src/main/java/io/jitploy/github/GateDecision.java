package io.jitploy.github;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a commit's checks allow a deploy.
 *
 * @param pass the deploy may go ahead (all required checks green, or forced)
 * @param pending nothing has failed but some required check is still running or not reported yet, so waiting may turn
 *     this into a pass
 * @param failingContexts required contexts that failed, with their state, e.g. {@code "ci/test (failure)"}
 * @param missingContexts required contexts that neither a commit status nor a check run reported
 * @param pendingContexts required contexts still queued or running
 * @param message one sentence for the build log and the UI
 * @param forced set when a person overrode the gate; the lists still say what would have blocked
 */
public record GateDecision(
        boolean pass,
        boolean pending,
        List<String> failingContexts,
        List<String> missingContexts,
        List<String> pendingContexts,
        String message,
        Optional<ForceOverride> forced) {

    public GateDecision {
        failingContexts = List.copyOf(failingContexts);
        missingContexts = List.copyOf(missingContexts);
        pendingContexts = List.copyOf(pendingContexts);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(forced, "forced");
    }

    /**
     * A recorded decision to deploy despite the checks.
     *
     * @param by who forced it
     * @param reason why
     */
    public record ForceOverride(String by, String reason) {
        public ForceOverride {
            if (by == null || by.isBlank()) {
                throw new IllegalArgumentException("a forced deploy must say who forced it");
            }
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("a forced deploy must give a reason");
            }
        }
    }
}
