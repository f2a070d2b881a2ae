package io.jitploy.health;

import java.time.Duration;

/**
 * The outcome of a health check, as recorded on the release.
 *
 * @param healthy whether the check passed
 * @param attempts how many requests were made
 * @param lastStatus the last HTTP status seen, or -1 if no response arrived
 * @param reason why it failed (or "ok"), without response bodies, which may contain secrets
 * @param took wall time spent
 */
public record HealthResult(boolean healthy, int attempts, int lastStatus, String reason, Duration took) {}
