package io.jitploy.deploy;

import java.util.concurrent.CompletableFuture;

/**
 * Runs an automatic rollback after a failed health check. In Jenkins this schedules the pipeline that produced the
 * target release, pinned to its revision; in the core it is {@link DeployOrchestrator#run} with a {@link Deployer}.
 */
@FunctionalInterface
public interface RollbackLauncher {
    CompletableFuture<DeployReport> launch(DeployIntent rollback);
}
