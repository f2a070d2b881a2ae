/**
 * Deploy coordination per (application, environment): one exclusive deploy slot and a visible FIFO queue per
 * {@link io.jitploy.coordination.EnvironmentKey}, supersede of waiting older versions, protection against
 * deploying an older version over a newer one, locks and freezes evaluated when a deploy would start, and a
 * snapshot that survives a controller restart.
 *
 * <p>Entry point: {@link io.jitploy.coordination.DeployCoordinator}. Nothing in this package blocks a thread;
 * waiting is expressed with {@link java.util.concurrent.CompletableFuture}s, completed after the coordinator's
 * internal locks are released.
 */
package io.jitploy.coordination;
