package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.ledger.Trigger;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rebuilds asked for survive a restart, and each is settled (so recorded) once. */
class PendingRebuildsTest {
    private static final Instant AT = Instant.parse("2026-11-24T14:00:00.123Z");

    @TempDir
    Path dir;

    private static PendingRebuilds.Pending promotion(String requestId) {
        return new PendingRebuilds.Pending(
                requestId,
                "team/shop/main",
                new RebuildAttempt("r0000000007", "production", Trigger.PROMOTE, "alice"),
                AT);
    }

    @Test
    void requestsSurviveAReopenUntilSettled() {
        Path file = dir.resolve("rebuilds.json");
        PendingRebuilds rebuilds = PendingRebuilds.open(file);
        rebuilds.add(promotion("a"));
        rebuilds.add(promotion("b"));
        rebuilds.settle("a");

        PendingRebuilds reopened = PendingRebuilds.open(file);

        assertThat(reopened.all()).containsExactly(promotion("b"));
        assertThat(reopened.settle("b")).contains(promotion("b"));
        assertThat(PendingRebuilds.open(file).all()).isEmpty();
    }

    @Test
    void aRequestIsSettledOnceEvenWhenManyRace() throws Exception {
        PendingRebuilds rebuilds = PendingRebuilds.open(dir.resolve("rebuilds.json"));
        rebuilds.add(promotion("a"));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        ConcurrentLinkedQueue<Optional<PendingRebuilds.Pending>> results = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            done.add(threads.submit(() -> {
                start.await();
                return results.add(rebuilds.settle("a"));
            }));
        }
        start.countDown();
        for (var future : done) {
            future.get(10, TimeUnit.SECONDS);
        }
        threads.shutdown();

        assertThat(results).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(rebuilds.settle("never-asked")).isEmpty();
    }

    @Test
    void aFileThatIsNotThisFormatIsRefusedSayingWhatToDo() throws Exception {
        Path file = dir.resolve("rebuilds.json");
        Files.writeString(file, "{\"not\": \"a list\"}");

        assertThatThrownBy(() -> PendingRebuilds.open(file))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("does not hold Jitploy's pending rebuilds")
                .hasMessageContaining("Move it aside");
    }
}
