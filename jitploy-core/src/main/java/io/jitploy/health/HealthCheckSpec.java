package io.jitploy.health;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An HTTP(S) check run after a deploy.
 *
 * @param url what to GET
 * @param expectedStatus the status that counts as healthy
 * @param bodyPattern optional regex the body must contain a match for
 * @param retries how many further attempts after the first
 * @param backoff wait before the first retry; doubles each retry
 * @param timeout overall budget for all attempts
 * @param autoRollback whether a failed check triggers a rollback to the last good release
 */
public record HealthCheckSpec(
        URI url,
        int expectedStatus,
        Optional<Pattern> bodyPattern,
        int retries,
        Duration backoff,
        Duration timeout,
        boolean autoRollback) {

    public HealthCheckSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(bodyPattern, "bodyPattern");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(timeout, "timeout");
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more");
        }
        if (expectedStatus < 100 || expectedStatus > 599) {
            throw new IllegalArgumentException("expected status must be an HTTP status (100-599)");
        }
    }
}
