package io.jitploy.coordination;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A lock on an environment: while it is in force, deploys of anyone but {@link #owner()} wait (or fail fast)
 * when they would start.
 *
 * @param key the locked environment
 * @param owner who holds the lock; only they may unlock, others must steal
 * @param reason why, shown to everyone who waits
 * @param since when it was taken
 * @param expiresAt when it lifts by itself, or {@code null} for never
 * @param stolenFrom the previous owner when the lock was stolen, else {@code null}
 */
public record EnvironmentLock(
        EnvironmentKey key, String owner, String reason, Instant since, Instant expiresAt, String stolenFrom) {
    public EnvironmentLock {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(since, "since");
    }

    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
