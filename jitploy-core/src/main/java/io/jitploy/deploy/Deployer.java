package io.jitploy.deploy;

import java.util.concurrent.CompletableFuture;

/**
 * Performs the deploy once the slot is held: the Jenkins-free counterpart of the {@code jitployDeploy} block body.
 * Must not block the calling thread; complete the future when the deploy is done.
 */
@FunctionalInterface
public interface Deployer {
    CompletableFuture<DeployOutcome> deploy(DeployStart start);
}
