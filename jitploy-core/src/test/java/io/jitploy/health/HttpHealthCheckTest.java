package io.jitploy.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpHealthCheckTest {
    private final CountDownLatch releaseHungRequests = new CountDownLatch(1);
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();
    private ExecutorService serverThreads;
    private HttpServer server;

    /** What the endpoint answers to request number n (1-based). */
    private volatile Responder responder = n -> new Reply(200, "ok");

    interface Responder {
        Reply reply(int requestNumber) throws InterruptedException;
    }

    record Reply(int status, String body) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/health", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseHungRequests.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            userAgents.add(exchange.getRequestHeaders().getFirst("User-Agent"));
            Reply reply = responder.reply(requests.incrementAndGet());
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI healthUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    private static HealthCheckSpec spec(
            URI url, Optional<Pattern> body, int retries, Duration backoff, Duration timeout) {
        return new HealthCheckSpec(url, 200, body, retries, backoff, timeout, false);
    }

    private static HealthResult await(CompletableFuture<HealthResult> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    @Test
    void healthyOnFirstAttempt() throws Exception {
        responder = n -> new Reply(200, "{\"status\":\"ok\"}");

        HealthResult result = await(HttpHealthCheck.create()
                .run(spec(
                        healthUrl(),
                        Optional.of(Pattern.compile("\"status\":\"ok\"")),
                        3,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(10))));

        assertThat(result.healthy()).isTrue();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.lastStatus()).isEqualTo(200);
        assertThat(result.reason()).isEqualTo("ok");
        assertThat(requests).hasValue(1);
        assertThat(userAgents).containsExactly("Jitploy-HealthCheck");
    }

    @Test
    void recoversAfterFailuresWithinRetries() throws Exception {
        responder = n -> n <= 2 ? new Reply(503, "starting") : new Reply(200, "ready");

        HealthResult result = await(HttpHealthCheck.create()
                .run(spec(healthUrl(), Optional.empty(), 5, Duration.ofMillis(5), Duration.ofSeconds(10))));

        assertThat(result.healthy()).isTrue();
        assertThat(result.attempts()).isEqualTo(3);
        assertThat(result.lastStatus()).isEqualTo(200);
        assertThat(requests).hasValue(3);
    }

    @Test
    void failsOnceRetriesAreExhausted() throws Exception {
        responder = n -> new Reply(503, "down");

        HealthResult result = await(HttpHealthCheck.create()
                .run(spec(healthUrl(), Optional.empty(), 3, Duration.ofMillis(1), Duration.ofSeconds(10))));

        assertThat(result.healthy()).isFalse();
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(result.lastStatus()).isEqualTo(503);
        assertThat(result.reason()).isEqualTo("unhealthy after 4 attempts: status 503, expected 200");
        assertThat(requests).hasValue(4);
    }

    @Test
    void backoffDoublesBeforeEachRetry() throws Exception {
        responder = n -> new Reply(500, "");
        MutableClock clock = new MutableClock();
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RetryTimer timer = delay -> {
            waits.add(delay);
            clock.advance(delay);
            return CompletableFuture.completedFuture(null);
        };

        HealthResult result = await(new HttpHealthCheck(java.net.http.HttpClient.newHttpClient(), timer, clock)
                .run(spec(healthUrl(), Optional.empty(), 3, Duration.ofMillis(100), Duration.ofMinutes(1))));

        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(result.attempts()).isEqualTo(4);
        assertThat(result.took()).isEqualTo(Duration.ofMillis(700));
        assertThat(result.reason()).isEqualTo("unhealthy after 4 attempts: status 500, expected 200");
    }

    @Test
    void doesNotStartARetryThatWouldEndAfterTheTimeout() throws Exception {
        responder = n -> new Reply(503, "");
        MutableClock clock = new MutableClock();
        List<Duration> waits = new CopyOnWriteArrayList<>();
        RetryTimer timer = delay -> {
            waits.add(delay);
            clock.advance(delay);
            return CompletableFuture.completedFuture(null);
        };

        HealthResult result = await(new HttpHealthCheck(java.net.http.HttpClient.newHttpClient(), timer, clock)
                .run(spec(healthUrl(), Optional.empty(), 10, Duration.ofMillis(400), Duration.ofSeconds(1))));

        // 400 ms, then 800 ms would end at 1.2 s, past the 1 s budget: stop after the second attempt.
        assertThat(waits).containsExactly(Duration.ofMillis(400));
        assertThat(result.healthy()).isFalse();
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.reason()).isEqualTo("timed out after 1 s (2 attempts); last: status 503, expected 200");
    }

    @Test
    void overallTimeoutBoundsARequestThatNeverAnswers() throws Exception {
        responder = n -> {
            releaseHungRequests.await();
            return new Reply(200, "too late");
        };

        HealthResult result = await(HttpHealthCheck.create()
                .run(spec(healthUrl(), Optional.empty(), 5, Duration.ofMillis(10), Duration.ofMillis(300))));

        assertThat(result.healthy()).isFalse();
        assertThat(result.attempts()).isEqualTo(1);
        assertThat(result.lastStatus()).isEqualTo(-1);
        assertThat(result.reason())
                .startsWith("timed out after 300 ms (1 attempt); last: no response from " + healthUrl() + " within ")
                .doesNotContain("too late");
        assertThat(result.took()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }

    @Test
    void bodyMismatchNamesThePatternButNeverQuotesTheBody() throws Exception {
        responder = n -> new Reply(200, "{\"status\":\"degraded\",\"db_password\":\"hunter2\"}");

        HealthResult result = await(HttpHealthCheck.create()
                .run(spec(
                        healthUrl(),
                        Optional.of(Pattern.compile("\"status\":\"ok\"")),
                        1,
                        Duration.ofMillis(1),
                        Duration.ofSeconds(10))));

        assertThat(result.healthy()).isFalse();
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.lastStatus()).isEqualTo(200);
        assertThat(result.reason())
                .isEqualTo("unhealthy after 2 attempts: status 200 but body did not match /\"status\":\"ok\"/")
                .doesNotContain("hunter2")
                .doesNotContain("degraded");
    }

    @Test
    void onlyTheFirst64KibOfTheBodyAreSearched() throws Exception {
        String padding = "x".repeat(HealthCheckRun.BoundedBody.LIMIT);
        HttpHealthCheck check = HttpHealthCheck.create();
        Optional<Pattern> ready = Optional.of(Pattern.compile("READY"));

        responder = n -> new Reply(200, "READY" + padding + padding);
        assertThat(await(check.run(spec(healthUrl(), ready, 0, Duration.ofMillis(1), Duration.ofSeconds(10))))
                        .healthy())
                .isTrue();

        responder = n -> new Reply(200, padding + "READY");
        HealthResult late = await(check.run(spec(healthUrl(), ready, 0, Duration.ofMillis(1), Duration.ofSeconds(10))));
        assertThat(late.healthy()).isFalse();
        assertThat(late.reason()).isEqualTo("unhealthy after 1 attempt: status 200 but body did not match /READY/");
    }

    @Test
    void refusedConnectionIsReportedWithoutCredentialsFromTheUrl() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        URI url = URI.create("http://deployer:s3cret@127.0.0.1:" + port + "/health?token=abc123");

        HealthResult result = await(HttpHealthCheck.create()
                .run(spec(url, Optional.empty(), 1, Duration.ofMillis(1), Duration.ofSeconds(10))));

        assertThat(result.healthy()).isFalse();
        assertThat(result.attempts()).isEqualTo(2);
        assertThat(result.lastStatus()).isEqualTo(-1);
        assertThat(result.reason())
                .isEqualTo("unhealthy after 2 attempts: connection refused by http://127.0.0.1:" + port + "/health")
                .doesNotContain("s3cret")
                .doesNotContain("abc123");
    }

    @Test
    void aUrlThatCannotBeRequestedIsReportedNotThrown() throws Exception {
        HealthResult result = await(HttpHealthCheck.create()
                .run(spec(
                        URI.create("ftp://deployer:s3cret@127.0.0.1/health"),
                        Optional.empty(),
                        3,
                        Duration.ofMillis(1),
                        Duration.ofSeconds(10))));

        assertThat(result.healthy()).isFalse();
        assertThat(result.attempts()).isZero();
        assertThat(result.reason())
                .isEqualTo("the health check URL cannot be requested (scheme ftp, host 127.0.0.1); use an absolute"
                        + " http:// or https:// URL");
    }

    @Test
    void cancellingStopsFurtherAttempts() throws Exception {
        responder = n -> new Reply(503, "");
        CompletableFuture<Void> gate = new CompletableFuture<>();
        CountDownLatch waiting = new CountDownLatch(1);
        RetryTimer timer = delay -> {
            waiting.countDown();
            return gate;
        };

        CompletableFuture<HealthResult> running = new HttpHealthCheck(
                        java.net.http.HttpClient.newHttpClient(), timer, Clock.systemUTC())
                .run(spec(healthUrl(), Optional.empty(), 5, Duration.ofMillis(1), Duration.ofMinutes(1)));
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        running.cancel(false);
        gate.complete(null);

        assertThat(running).isCancelled();
        assertThat(requests).hasValue(1);
    }

    /** A clock that only moves when told to. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
