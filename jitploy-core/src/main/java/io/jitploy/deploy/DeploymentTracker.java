package io.jitploy.deploy;

import io.jitploy.ledger.Release;
import io.jitploy.promotion.BadReleaseReporter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Mirrors a deploy's progress outside Jitploy, typically as a GitHub Deployment with statuses. Failures here never
 * fail the deploy: the orchestrator reports them and carries on.
 */
public interface DeploymentTracker {
    /** Tracks nothing. */
    DeploymentTracker NONE = new DeploymentTracker() {};

    /** The deploy started: e.g. create the GitHub deployment and post {@code in_progress}. */
    default CompletableFuture<Void> started(Release release, DeployIntent intent) {
        return CompletableFuture.completedFuture(null);
    }

    /** The deploy succeeded (and passed its health check): post {@code success}, mark {@code replaced} inactive. */
    default CompletableFuture<Void> succeeded(Release release, DeployIntent intent, Optional<Release> replaced) {
        return CompletableFuture.completedFuture(null);
    }

    /** The deploy failed, was aborted, failed its health check or was marked bad: post {@code failure}. */
    default CompletableFuture<Void> failed(Release release, String reason) {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Reports quarantines through {@link #failed}, which receives the release with its bad mark set, for {@link
     * io.jitploy.promotion.PromotionService.Builder#reporter}.
     */
    default BadReleaseReporter asBadReleaseReporter() {
        return this::failed;
    }
}
