package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

// A hung child process or a deadlock must fail the build, not stall it.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LedgerConcurrencyTest {
    private static final int WRITERS = 8;
    private static final int RELEASES_PER_WRITER = 40;

    @TempDir
    Path dir;

    @Test
    void concurrentWritersLoseAndDuplicateNothing() throws Exception {
        ConcurrentLinkedQueue<Release> finished = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Throwable> readerFailures = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        LedgerOptions options = LedgerOptions.defaults().withSnapshotEvery(97).withSegmentBytes(32 * 1024);
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 2);
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String env = "env" + (w % 3);
                int writer = w;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < RELEASES_PER_WRITER; i++) {
                        Release r = ledger.record(ReleaseDraft.builder("shop", env, writer + "." + i)
                                .user("writer" + writer)
                                .build());
                        ledger.markStarted(r.id(), Instant.EPOCH.plusSeconds(i));
                        finished.add(
                                ledger.finish(r.id(), ReleaseResult.SUCCEEDED, Instant.EPOCH.plusSeconds(i + 1), null));
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    try {
                        start.await();
                        while (writing.get()) {
                            // Readers must always see a consistent page: newest first, no duplicates.
                            HistoryPage page = ledger.history("shop", "env0", 0, 50);
                            List<String> ids =
                                    page.items().stream().map(Release::id).toList();
                            assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> b.compareTo(a));
                            ledger.live("shop", "env1")
                                    .ifPresent(live -> assertThat(live.result()).isEqualTo(ReleaseResult.SUCCEEDED));
                        }
                    } catch (Throwable t) {
                        readerFailures.add(t);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writers) {
                f.get(120, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<?> f : readers) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(readerFailures).isEmpty();
        int total = WRITERS * RELEASES_PER_WRITER;
        Set<String> ids = new HashSet<>();
        finished.forEach(r -> ids.add(r.id()));
        assertThat(ids).hasSize(total);
        try (FileReleaseLedger reopened = FileReleaseLedger.open(dir, options)) {
            assertThat(reopened.openReport().releases()).isEqualTo(total);
            for (Release r : finished) {
                assertThat(reopened.byId(r.id())).contains(r);
            }
            Set<String> versions = new HashSet<>();
            for (String env : List.of("env0", "env1", "env2")) {
                String cursor = null;
                do {
                    HistoryPage page = reopened.history("shop", env, cursor, 50);
                    page.items()
                            .forEach(r -> assertThat(versions.add(r.version())).isTrue());
                    cursor = page.nextCursor();
                } while (cursor != null);
            }
            assertThat(versions).hasSize(total);
        }
    }
}
