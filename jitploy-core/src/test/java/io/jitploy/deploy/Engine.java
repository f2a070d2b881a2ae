package io.jitploy.deploy;

import com.sun.net.httpserver.HttpServer;
import io.jitploy.coordination.CoordinatorState;
import io.jitploy.coordination.CoordinatorStateCodec;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventBus;
import io.jitploy.events.EventType;
import io.jitploy.health.HealthCheckSpec;
import io.jitploy.health.HttpHealthCheck;
import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.LedgerOptions;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.promotion.PromotionService;
import io.jitploy.promotion.TestClock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The real engine for deploy tests: a file ledger, a coordinator, the promotion service, an orchestrator, and an
 * application behind a local HTTP server whose health depends on the version the {@link #deployer} put live.
 */
final class Engine implements AutoCloseable {
    static final String APP = "shop";

    final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    final List<DeployEvent> events = new CopyOnWriteArrayList<>();
    final EventBus bus = new EventBus();
    final AtomicReference<String> running = new AtomicReference<>("none");
    final Set<String> unhealthyVersions = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final List<DeployStart> starts = new CopyOnWriteArrayList<>();
    /** Engine work runs off the test thread, as it runs off the Pipeline thread in Jenkins. */
    final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newFixedThreadPool(2);

    private final Path ledgerDir;
    private final UnaryOperator<ReleaseLedger> ledgerView;
    private final HttpServer app;
    ReleaseLedger ledger;
    DeployCoordinator coordinator;
    PromotionService promotions;
    DeployOrchestrator orchestrator;

    Engine(Path dir) throws IOException {
        this(dir, UnaryOperator.identity());
    }

    /** An engine whose orchestrator and promotion service see the file ledger through {@code ledgerView}. */
    Engine(Path dir, UnaryOperator<ReleaseLedger> ledgerView) throws IOException {
        ledgerDir = dir.resolve("ledger");
        this.ledgerView = ledgerView;
        bus.subscribe(events::add);
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.createContext("/health", exchange -> {
            boolean healthy = !unhealthyVersions.contains(running.get());
            byte[] body = (healthy ? "ok " : "broken ").concat(running.get()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(healthy ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        app.start();
        open(new DeployCoordinator(clock, (at, task) -> () -> {}, bus));
    }

    private void open(DeployCoordinator newCoordinator) {
        ledger = ledgerView.apply(
                FileReleaseLedger.open(ledgerDir, LedgerOptions.defaults().withClock(clock)));
        coordinator = newCoordinator;
        promotions = PromotionService.over(ledger).events(bus).clock(clock).build();
        orchestrator = DeployOrchestrator.builder(ledger, coordinator, promotions, bus)
                .clock(clock)
                .worker(worker)
                .healthCheck(new HttpHealthCheck(
                        HttpClient.newHttpClient(), delay -> CompletableFuture.completedFuture(null), clock))
                .build();
    }

    /** Simulates a controller restart: the ledger is reopened from disk and the coordinator restored. */
    void restart() {
        CoordinatorState state = coordinator.snapshot();
        ledger.close();
        open(DeployCoordinator.restore(state, clock, (at, task) -> () -> {}, bus));
    }

    /**
     * A restart as the Jenkins plugin does it: the coordinator's state goes through its JSON encoding (what {@code
     * coordinator.json} holds) and is restored from the decoded bytes.
     */
    void restartFromSavedState() {
        CoordinatorStateCodec codec = new CoordinatorStateCodec();
        byte[] saved = codec.encode(coordinator.snapshot());
        ledger.close();
        open(DeployCoordinator.restore(codec.decode(saved), clock, (at, task) -> () -> {}, bus));
    }

    /** A restart where the coordinator's saved state is gone: only the ledger remembers the deploys. */
    void restartLosingCoordinatorState() {
        ledger.close();
        open(new DeployCoordinator(clock, (at, task) -> () -> {}, bus));
    }

    /** Puts the version live on the local application, as a deploy script would. */
    final Deployer deployer = start -> {
        starts.add(start);
        running.set(start.intent().version());
        return CompletableFuture.completedFuture(DeployOutcome.succeeded());
    };

    HealthCheckSpec health(boolean autoRollback) {
        return new HealthCheckSpec(
                URI.create("http://127.0.0.1:" + app.getAddress().getPort() + "/health"),
                200,
                Optional.of(java.util.regex.Pattern.compile("^ok")),
                2,
                Duration.ofSeconds(1),
                Duration.ofMinutes(1),
                autoRollback);
    }

    DeployIntent.Builder push(String env, String version) {
        return DeployIntent.builder(APP, env, version, sha(version))
                .user("alice")
                .ref("main")
                .commitTime(commitTime(version));
    }

    static String sha(String version) {
        return String.format("%040x", Math.abs((long) version.hashCode()));
    }

    /** v1 was committed before v2, and so on: the order that refuses stale deploys. */
    Instant commitTime(String version) {
        return Instant.parse("2026-11-01T00:00:00Z").plus(Duration.ofHours(Long.parseLong(version.substring(1))));
    }

    List<EventType> eventTypes(EventType... among) {
        Set<EventType> wanted = Set.of(among);
        return events.stream().map(DeployEvent::type).filter(wanted::contains).toList();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        app.stop(0);
        ledger.close();
    }
}
