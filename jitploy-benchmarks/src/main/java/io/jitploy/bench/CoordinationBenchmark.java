package io.jitploy.bench;

import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.DeployRequest;
import io.jitploy.coordination.DeploySlot;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.Scheduler;
import io.jitploy.events.EventBus;
import io.jitploy.ledger.Trigger;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Deploy-slot acquire/release throughput of {@link DeployCoordinator} with four threads: all on one environment
 * (every acquire waits for a hand-off from another thread) and each on its own environment (shared coordinator,
 * independent queues), plus lock/unlock. Run: {@code java -jar jitploy-benchmarks/target/benchmarks.jar
 * Coordination}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(4)
public class CoordinationBenchmark {
    private static final EnvironmentKey SHARED = EnvironmentKey.of("bench", "production");

    /** The coordinator every thread uses; no locks expire and no freezes apply, so the scheduler is idle. */
    @State(Scope.Benchmark)
    public static class Coordinator {
        DeployCoordinator coordinator;
        final AtomicInteger threads = new AtomicInteger();

        @Setup
        public void setUp() {
            Scheduler idle = (at, task) -> () -> {};
            coordinator = new DeployCoordinator(Clock.systemUTC(), idle, new EventBus());
        }
    }

    /** Each benchmark thread's own environment. */
    @State(Scope.Thread)
    public static class OwnEnvironment {
        EnvironmentKey key;

        @Setup
        public void setUp(Coordinator shared) {
            key = EnvironmentKey.of("bench", "env-" + shared.threads.incrementAndGet());
        }
    }

    private static DeploySlot acquire(DeployCoordinator coordinator, EnvironmentKey key) {
        DeployRequest request = DeployRequest.deploy(key, "v1", "bench", Trigger.PUSH);
        // join() blocks only the benchmark thread; it measures the hand-off from the releasing thread.
        return coordinator.awaitSlot(coordinator.enqueue(request).id()).join();
    }

    @Benchmark
    public boolean acquireReleaseContended(Coordinator shared) {
        return acquire(shared.coordinator, SHARED).release();
    }

    @Benchmark
    public boolean acquireReleaseOwnEnvironment(Coordinator shared, OwnEnvironment own) {
        return acquire(shared.coordinator, own.key).release();
    }

    @Benchmark
    public boolean lockUnlockOwnEnvironment(Coordinator shared, OwnEnvironment own) {
        shared.coordinator.lock(own.key, "bench", "bench", Optional.empty());
        return shared.coordinator.unlock(own.key, "bench");
    }
}
