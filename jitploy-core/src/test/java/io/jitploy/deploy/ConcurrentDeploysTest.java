package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many pushes racing into two environments: one deploy at a time each, every run ends, newest version wins. */
class ConcurrentDeploysTest {
    private static final int PUSHES = 24;

    @TempDir
    Path dir;

    private Engine engine;
    private ExecutorService callers;

    @BeforeEach
    void start() throws Exception {
        engine = new Engine(dir);
        callers = Executors.newFixedThreadPool(6);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        engine.close();
    }

    @Test
    void racingPushesNeverOverlapWithinAnEnvironmentAndTheNewestVersionEndsLive() throws Exception {
        Map<String, AtomicInteger> active = Map.of("staging", new AtomicInteger(), "qa", new AtomicInteger());
        AtomicInteger mostAtOnceInOneEnvironment = new AtomicInteger();
        Deployer deployer = start -> {
            AtomicInteger inEnvironment = active.get(start.intent().environment());
            mostAtOnceInOneEnvironment.accumulateAndGet(inEnvironment.incrementAndGet(), Math::max);
            // Finish on another thread, as a real deploy command would.
            return CompletableFuture.supplyAsync(
                    () -> {
                        inEnvironment.decrementAndGet();
                        return DeployOutcome.succeeded();
                    },
                    callers);
        };
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<DeployReport>>> launched = new ArrayList<>();
        for (int i = 1; i <= PUSHES; i++) {
            String env = i % 2 == 0 ? "staging" : "qa";
            DeployIntent intent = engine.push(env, "v" + i).build();
            launched.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return engine.orchestrator.run(intent, deployer);
                    },
                    callers));
        }
        go.countDown();

        List<ReleaseResult> results = new ArrayList<>();
        for (CompletableFuture<CompletableFuture<DeployReport>> run : launched) {
            CompletableFuture<DeployReport> report = run.get(30, TimeUnit.SECONDS);
            results.add(
                    report.handle((r, failure) -> failure == null ? r.release().result() : ReleaseResult.SUPERSEDED)
                            .get(30, TimeUnit.SECONDS));
        }

        assertThat(mostAtOnceInOneEnvironment.get())
                .as("deploys of one environment never overlap")
                .isEqualTo(1);
        assertThat(results).containsOnly(ReleaseResult.SUCCEEDED, ReleaseResult.SUPERSEDED);
        for (String env : List.of("staging", "qa")) {
            List<Release> history = engine.ledger.history(APP, env, 0, PUSHES).items();
            assertThat(history).hasSize(PUSHES / 2);
            assertThat(history).extracting(Release::result).doesNotContain(ReleaseResult.QUEUED, ReleaseResult.RUNNING);
            Release newest = history.stream()
                    .filter(r -> r.result() == ReleaseResult.SUCCEEDED)
                    .max(Comparator.comparing(Release::commitTime))
                    .orElseThrow();
            assertThat(engine.ledger.live(APP, env)).map(Release::id).contains(newest.id());
            assertThat(engine.coordinator.holder(EnvironmentKey.of(APP, env))).isEmpty();
            assertThat(engine.coordinator.queue(EnvironmentKey.of(APP, env))).isEmpty();
        }
    }
}
