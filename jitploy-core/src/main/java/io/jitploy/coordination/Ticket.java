package io.jitploy.coordination;

import java.time.Instant;

/**
 * Receipt for an enqueued request. Keep {@link #id()}: it is how a waiting step re-attaches after a restart
 * ({@link DeployCoordinator#awaitSlot(String)}) and how a deploy is cancelled.
 *
 * @param id unique across restarts of the same coordinator state
 * @param key the environment
 * @param sequence grows with every request to the coordinator; within one environment, queue order
 * @param queuedAt when the request was enqueued
 */
public record Ticket(String id, EnvironmentKey key, long sequence, Instant queuedAt) {}
