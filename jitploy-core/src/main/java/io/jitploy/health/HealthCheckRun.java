package io.jitploy.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** One execution of a {@link HealthCheckSpec}: attempts run one after another, so the fields need no locking. */
final class HealthCheckRun {
    private final HealthCheckSpec spec;
    private final HttpClient client;
    private final RetryTimer timer;
    private final Clock clock;
    private final CompletableFuture<HealthResult> outcome = new CompletableFuture<>();

    private Instant started;
    private Instant deadline;
    private int attempts;
    private int lastStatus = -1;
    private String lastFailure = "no attempt was made";

    HealthCheckRun(HealthCheckSpec spec, HttpClient client, RetryTimer timer, Clock clock) {
        this.spec = spec;
        this.client = client;
        this.timer = timer;
        this.clock = clock;
    }

    CompletableFuture<HealthResult> start() {
        started = clock.instant();
        deadline = started.plus(spec.timeout());
        attempt();
        return outcome;
    }

    private void attempt() {
        if (outcome.isDone()) {
            return; // cancelled by the caller
        }
        Duration remaining = Duration.between(clock.instant(), deadline);
        if (remaining.isZero() || remaining.isNegative()) {
            finishTimedOut();
            return;
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(spec.url())
                    .GET()
                    .timeout(remaining)
                    .header("User-Agent", "Jitploy-HealthCheck")
                    .build();
        } catch (IllegalArgumentException unusable) {
            // The JDK's message may quote the whole URL, user info included: name only scheme and host.
            finish(
                    false,
                    "the health check URL cannot be requested (scheme "
                            + spec.url().getScheme() + ", host " + spec.url().getHost()
                            + "); use an absolute http:// or https:// URL");
            return;
        }
        attempts++;
        BoundedBody body = new BoundedBody();
        HttpResponse.BodyHandler<Void> bodyHandler = spec.bodyPattern().isPresent()
                ? HttpResponse.BodyHandlers.ofByteArrayConsumer(body::accept)
                : HttpResponse.BodyHandlers.discarding();
        client.sendAsync(request, bodyHandler)
                // The request timeout only covers the response headers; a body that never ends is bounded here.
                .orTimeout(remaining.toMillis() + 1, TimeUnit.MILLISECONDS)
                .handle((response, error) -> error == null ? judge(response, body) : describe(error, remaining))
                .thenAccept(this::afterAttempt)
                .exceptionally(unexpected -> {
                    outcome.completeExceptionally(unexpected);
                    return null;
                });
    }

    /** Returns null when healthy, otherwise why not. */
    private String judge(HttpResponse<Void> response, BoundedBody received) {
        lastStatus = response.statusCode();
        if (response.statusCode() != spec.expectedStatus()) {
            return "status " + response.statusCode() + ", expected " + spec.expectedStatus();
        }
        if (spec.bodyPattern().isPresent()) {
            if (!spec.bodyPattern().get().matcher(received.text()).find()) {
                // Never quote the body: health endpoints sometimes echo configuration.
                return "status " + response.statusCode() + " but body did not match /"
                        + spec.bodyPattern().get().pattern() + "/";
            }
        }
        return null;
    }

    private String describe(Throwable error, Duration budget) {
        Throwable cause = unwrap(error);
        String target = target(spec.url());
        if (cause instanceof HttpConnectTimeoutException) {
            return "connecting to " + target + " timed out";
        }
        if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
            return "no response from " + target + " within " + format(budget);
        }
        if (cause instanceof ConnectException) {
            return "connection refused by " + target;
        }
        if (cause instanceof IOException) {
            String message = cause.getMessage();
            return "request to " + target + " failed: " + cause.getClass().getSimpleName()
                    + (message == null ? "" : " (" + message + ")");
        }
        return "request to " + target + " failed: " + cause;
    }

    private void afterAttempt(String failure) {
        if (outcome.isDone()) {
            return;
        }
        if (failure == null) {
            finish(true, "ok");
            return;
        }
        lastFailure = failure;
        if (!clock.instant().isBefore(deadline)) {
            finishTimedOut();
            return;
        }
        if (attempts > spec.retries()) {
            finish(false, "unhealthy after " + attempts + plural(attempts) + ": " + failure);
            return;
        }
        Duration wait = backoffBefore(attempts);
        if (!clock.instant().plus(wait).isBefore(deadline)) {
            finishTimedOut();
            return;
        }
        timer.after(wait).thenRun(this::attempt).exceptionally(unexpected -> {
            outcome.completeExceptionally(unexpected);
            return null;
        });
    }

    /** Wait before retry number {@code retry} (1-based): backoff doubled each time, saturating instead of overflowing. */
    private Duration backoffBefore(int retry) {
        int doublings = Math.min(retry - 1, 30);
        try {
            return spec.backoff().multipliedBy(1L << doublings);
        } catch (ArithmeticException tooLong) {
            return spec.timeout();
        }
    }

    private void finishTimedOut() {
        finish(
                false,
                "timed out after " + format(spec.timeout()) + " (" + attempts + plural(attempts) + "); last: "
                        + lastFailure);
    }

    private void finish(boolean healthy, String reason) {
        outcome.complete(
                new HealthResult(healthy, attempts, lastStatus, reason, Duration.between(started, clock.instant())));
    }

    /**
     * Keeps at most {@link #LIMIT} bytes of a response body: enough for any health payload, while a huge or endless
     * body cannot exhaust memory (the overall timeout bounds the time spent draining it).
     */
    static final class BoundedBody {
        static final int LIMIT = 64 * 1024;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(bytes -> kept.write(bytes, 0, Math.min(bytes.length, LIMIT - kept.size())));
        }

        synchronized String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Scheme, host, port and path only: user info and query strings may carry credentials. */
    private static String target(URI url) {
        int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getScheme() + "://" + url.getHost() + ":" + port + path;
    }

    private static String plural(int attempts) {
        return attempts == 1 ? " attempt" : " attempts";
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return (millis / 1000) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
