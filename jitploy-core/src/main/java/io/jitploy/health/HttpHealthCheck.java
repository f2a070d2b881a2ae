package io.jitploy.health;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Runs an HTTP(S) health check after a deploy: GET the URL until it answers with the expected status (and, if
 * configured, a body matching the pattern), retrying with exponential backoff within an overall timeout.
 *
 * <p>Nothing blocks a thread: requests use {@link HttpClient#sendAsync} and waits between attempts use a {@link
 * RetryTimer}. The backoff before retry {@code n} (1-based) is {@code backoff × 2^(n-1)}. A retry whose wait would end
 * after the overall timeout is not attempted; each request is also bounded by the time left. Response bodies are only
 * read when a body pattern is configured, and then only their first 64 KiB (decoded as UTF-8) are searched; they never
 * appear in the result, since they may contain secrets.
 *
 * <p>Redirects are not followed by the client from {@link #create()}: a health endpoint that redirects is reported with
 * its real status, so {@code expect_status: 302} can be checked if that is what the endpoint should do.
 *
 * <p>Cancelling the returned future stops further attempts.
 */
public final class HttpHealthCheck {
    private final HttpClient client;
    private final RetryTimer timer;
    private final Clock clock;

    /**
     * Creates a check with explicit collaborators (tests inject a timer and clock).
     *
     * @param client sends the requests; its connect timeout and redirect policy apply
     * @param timer waits between attempts
     * @param clock measures the overall timeout and the time taken
     */
    public HttpHealthCheck(HttpClient client, RetryTimer timer, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A check using a fresh HTTP client (10 s connect timeout, redirects not followed), real time and waits. */
    public static HttpHealthCheck create() {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return new HttpHealthCheck(client, RetryTimer.real(), Clock.systemUTC());
    }

    /**
     * Starts the check. The future never completes exceptionally for an unhealthy service: failures (refused
     * connections, timeouts, wrong status, body mismatch) are reported as an unhealthy {@link HealthResult} with a
     * reason.
     *
     * @param spec what to check
     * @return the outcome, once the service was healthy, retries ran out or the timeout passed
     */
    public CompletableFuture<HealthResult> run(HealthCheckSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return new HealthCheckRun(spec, client, timer, clock).start();
    }
}
