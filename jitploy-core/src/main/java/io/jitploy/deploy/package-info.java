/**
 * Deploy orchestration: the one code path that every deploy, promotion and rollback goes through, whether a
 * Pipeline step, a UI button or a core test starts it.
 *
 * <p>{@link io.jitploy.deploy.DeployOrchestrator#start} records the release, queues it for the environment's slot
 * and returns a {@link io.jitploy.deploy.DeployRun} at once. Nothing blocks: the run's futures complete when the
 * slot is granted and when the deploy, its health check and its reporting are done.
 */
package io.jitploy.deploy;
