package io.jitploy.deploy;

import java.util.concurrent.CompletableFuture;

/**
 * Decides whether a commit's checks allow the deploy, once the slot is granted (checks may have turned green while
 * the deploy waited). Backed by GitHub's commit
 * statuses and check runs.
 */
@FunctionalInterface
public interface CommitGate {
    /** Lets everything through; used when no GitHub connection is configured. */
    CommitGate OPEN =
            intent -> CompletableFuture.completedFuture(new Verdict(true, false, "no commit checks configured"));

    CompletableFuture<Verdict> check(DeployIntent intent);

    /**
     * The gate's answer.
     *
     * @param pass whether the deploy may go ahead
     * @param forced whether a person overrode red checks (recorded on the release)
     * @param message one sentence for the log, the release note and the events
     */
    record Verdict(boolean pass, boolean forced, String message) {}
}
