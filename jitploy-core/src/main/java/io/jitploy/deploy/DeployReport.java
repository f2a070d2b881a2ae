package io.jitploy.deploy;

import io.jitploy.ledger.Release;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * How a deploy run ended.
 *
 * @param release the release as finally recorded (result, health, times)
 * @param detail one sentence for the log: what happened and, on failure, what to do
 * @param autoRollback the automatic rollback started after a failed health check, if any
 */
public record DeployReport(Release release, String detail, Optional<CompletableFuture<DeployReport>> autoRollback) {
    public DeployReport {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(autoRollback, "autoRollback");
    }
}
