package io.jitploy.coordination;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.events.EventBus;
import io.jitploy.ledger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Many threads queue many deploys across several environments. Within one environment deploys never overlap,
 * every request completes (no lost wake-up), and slots are granted in queue order.
 */
class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int ENVIRONMENTS = 4;
    private static final int DEPLOYS = 2_000;

    private final ManualClock clock = new ManualClock(CoordinatorFixture.START);
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final DeployCoordinator coordinator = new DeployCoordinator(clock, scheduler, new EventBus());
    private final ExecutorService producers = Executors.newFixedThreadPool(THREADS);
    private final ExecutorService deployers = Executors.newFixedThreadPool(4);

    private final List<EnvironmentKey> keys = new ArrayList<>();
    private final AtomicInteger[] inFlight = new AtomicInteger[ENVIRONMENTS];
    private final List<List<Long>> grantOrder = new ArrayList<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger superseded = new AtomicInteger();
    private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();

    ConcurrencyTest() {
        for (int i = 0; i < ENVIRONMENTS; i++) {
            keys.add(EnvironmentKey.of("app" + (i % 2), "env" + i));
            inFlight[i] = new AtomicInteger();
            grantOrder.add(Collections.synchronizedList(new ArrayList<>()));
        }
    }

    @AfterEach
    void stop() {
        producers.shutdownNow();
        deployers.shutdownNow();
    }

    /** Runs the deploy "work" for a granted slot: detects overlap, records order, releases. */
    private void deploy(int env, DeploySlot slot) {
        if (inFlight[env].incrementAndGet() != 1) {
            overlaps.incrementAndGet();
        }
        grantOrder.get(env).add(slot.ticket().sequence());
        Thread.onSpinWait(); // widen the window in which an overlap would be seen
        inFlight[env].decrementAndGet();
        if (!slot.release()) {
            unexpected.add(new AssertionError("slot released twice: " + slot));
        }
    }

    private List<CompletableFuture<?>> queueEverything(CountDownLatch start) throws Exception {
        List<CompletableFuture<?>> all = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<?>> producing = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            producing.add(CompletableFuture.runAsync(
                    () -> {
                        try {
                            start.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = 0; i < DEPLOYS / THREADS; i++) {
                            int env = random.nextInt(ENVIRONMENTS);
                            DeployRequest request = DeployRequest.deploy(
                                            keys.get(env), "t" + thread + "-" + i, "user" + thread, Trigger.PUSH)
                                    .withSupersede(i % 25 == 24);
                            CompletableFuture<DeploySlot> slot = coordinator.awaitSlot(
                                    coordinator.enqueue(request).id());
                            // Half the deploys run on the thread that granted them (re-entering the
                            // coordinator from a completion), half on a separate pool, as Jenkins would.
                            CompletableFuture<Void> done = i % 2 == 0
                                    ? slot.thenAccept(s -> deploy(env, s))
                                    : slot.thenAcceptAsync(s -> deploy(env, s), deployers);
                            all.add(done.exceptionally(failure -> {
                                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                                if (cause instanceof SupersededException) {
                                    superseded.incrementAndGet();
                                } else {
                                    unexpected.add(cause);
                                }
                                return null;
                            }));
                        }
                    },
                    producers));
        }
        start.countDown();
        CompletableFuture.allOf(producing.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        return all;
    }

    private void assertNoOverlapFifoAndNothingLost(List<CompletableFuture<?>> all) throws Exception {
        assertThat(all).hasSize(DEPLOYS);
        // Bounded wait: a lost wake-up shows up as a timeout here, not as a hung build.
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(unexpected).isEmpty();
        assertThat(overlaps).hasValue(0);
        int granted = 0;
        for (int env = 0; env < ENVIRONMENTS; env++) {
            List<Long> order = new ArrayList<>(grantOrder.get(env));
            assertThat(order).as("grant order in %s", keys.get(env)).isSorted().doesNotHaveDuplicates();
            granted += order.size();
            assertThat(coordinator.holder(keys.get(env))).isEmpty();
            assertThat(coordinator.queue(keys.get(env))).isEmpty();
        }
        // Every request either ran or was superseded by a newer one; nothing vanished.
        assertThat(granted + superseded.get()).isEqualTo(DEPLOYS);
        assertThat(granted).isPositive();
        assertThat(superseded).as("supersede raced with grants").hasPositiveValue();
    }

    @RepeatedTest(3)
    void deploysNeverOverlapWithinAnEnvironmentAndNoneIsLost() throws Exception {
        List<CompletableFuture<?>> all = queueEverything(new CountDownLatch(1));
        assertNoOverlapFifoAndNothingLost(all);
    }

    @Test
    void lockExpiryReleasesEveryHeldDeployInEveryEnvironment() throws Exception {
        Instant expiry = clock.instant().plus(Duration.ofMinutes(10));
        for (EnvironmentKey key : keys) {
            coordinator.lock(key, "maintenance", "ops", Optional.of(expiry));
        }
        List<CompletableFuture<?>> all = queueEverything(new CountDownLatch(1));

        for (int env = 0; env < ENVIRONMENTS; env++) {
            assertThat(grantOrder.get(env)).as("nothing starts while locked").isEmpty();
        }
        scheduler.advance(Duration.ofMinutes(9));
        assertThat(grantOrder).allSatisfy(order -> assertThat(order).isEmpty());

        scheduler.advance(Duration.ofMinutes(1));
        assertNoOverlapFifoAndNothingLost(all);
        assertThat(coordinator.locks()).isEmpty();
    }

    @Test
    void releasesRacingWithLocksAndExpiryLoseNoWakeUp() throws Exception {
        // A locker thread keeps taking short locks and a ticker moves time, while deploys flow.
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger stop = new AtomicInteger();
        CompletableFuture<Void> locker = CompletableFuture.runAsync(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (stop.get() == 0) {
                EnvironmentKey key = keys.get(random.nextInt(ENVIRONMENTS));
                try {
                    coordinator.lock(
                            key, "flaky", "ops", Optional.of(clock.instant().plusSeconds(30)));
                } catch (EnvironmentLockedException | IllegalArgumentException ignored) {
                    // someone else's lock or a tick between reading the clock and locking: try again
                }
                if (random.nextBoolean()) {
                    coordinator.unlock(key, "ops");
                }
            }
        });
        CompletableFuture<Void> ticker = CompletableFuture.runAsync(() -> {
            while (stop.get() == 0) {
                scheduler.advance(Duration.ofSeconds(10));
                Thread.yield();
            }
        });
        List<CompletableFuture<?>> all = queueEverything(start);
        stop.set(1);
        locker.get(30, TimeUnit.SECONDS);
        ticker.get(30, TimeUnit.SECONDS);
        scheduler.advance(Duration.ofMinutes(1)); // the last locks expire
        assertNoOverlapFifoAndNothingLost(all);
    }
}
