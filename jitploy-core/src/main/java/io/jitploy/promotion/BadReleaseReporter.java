package io.jitploy.promotion;

import io.jitploy.ledger.Release;
import java.util.concurrent.CompletableFuture;

/**
 * Tells the outside world that a release was quarantined, e.g. by marking its GitHub deployment failed.
 * Implementations do their I/O asynchronously: quarantine must not wait on the network.
 */
@FunctionalInterface
public interface BadReleaseReporter {
    BadReleaseReporter NONE = (release, reason) -> CompletableFuture.completedFuture(null);

    CompletableFuture<Void> reportBad(Release release, String reason);
}
