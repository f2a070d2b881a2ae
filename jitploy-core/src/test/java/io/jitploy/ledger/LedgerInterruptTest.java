package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The threads that write the ledger are often interrupted (Jenkins interrupts a build's thread to abort it), and an
 * abort must still be recorded. A {@code FileChannel} closes itself when its thread is interrupted mid-write.
 */
class LedgerInterruptTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    private LedgerOptions options() {
        return LedgerOptions.defaults().withClock(new TestClock(T0)).withSegmentBytes(4096);
    }

    @Test
    void anInterruptedThreadStillRecordsAndKeepsItsInterruptStatus() {
        String first;
        String second;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            Thread.currentThread().interrupt();
            try {
                first = ledger.record(
                                ReleaseDraft.builder("shop", "staging", "v1").build())
                        .id();
                assertThat(Thread.currentThread().isInterrupted())
                        .as("the interrupt is kept for the caller")
                        .isTrue();
            } finally {
                Thread.interrupted();
            }
            second = ledger.record(ReleaseDraft.builder("shop", "staging", "v2").build())
                    .id();
            ledger.markStarted(second, T0.plusSeconds(5));
        }
        try (FileReleaseLedger reopened = FileReleaseLedger.open(dir, options())) {
            assertThat(reopened.byId(first)).isPresent();
            assertThat(reopened.byId(second).orElseThrow().startedAt()).isEqualTo(T0.plusSeconds(5));
            assertThat(reopened.openReport().tornTail()).isNull();
        }
    }

    @Test
    void anInterruptedThreadOpensAndClosesTheLedger() {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            ledger.record(ReleaseDraft.builder("shop", "staging", "v1").build());
        }
        Thread.currentThread().interrupt();
        try {
            try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
                assertThat(ledger.history("shop", "staging", 0, 10).total()).isEqualTo(1);
                ledger.record(ReleaseDraft.builder("shop", "staging", "v2").build());
            }
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        try (FileReleaseLedger reopened = FileReleaseLedger.open(dir, options())) {
            assertThat(reopened.history("shop", "staging", 0, 10).total()).isEqualTo(2);
            // close() on the interrupted thread wrote its snapshot, up to the last record.
            assertThat(reopened.openReport().snapshotProblem()).isNull();
            assertThat(reopened.openReport().replayedRecords()).isZero();
        }
    }

    @Test
    void interruptsArrivingDuringWritesLoseNoRecordAndLeaveNoGarbage() throws Exception {
        int count = 400;
        List<String> ids = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger interruptsSent = new AtomicInteger();
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; i < count; i++) {
                        ids.add(ledger.record(ReleaseDraft.builder("shop", "staging", "v" + i)
                                        .sha("sha" + i)
                                        .build())
                                .id());
                        Thread.interrupted();
                    }
                } catch (Throwable e) {
                    failure.set(e);
                } finally {
                    done.set(true);
                }
            });
            // Interrupts at random moments, most of them while a write or fsync is under way.
            Thread interrupter = new Thread(() -> {
                while (!done.get()) {
                    writer.interrupt();
                    interruptsSent.incrementAndGet();
                    long pause = ThreadLocalRandom.current().nextLong(20_000, 400_000);
                    long until = System.nanoTime() + pause;
                    while (System.nanoTime() < until && !done.get()) {
                        Thread.onSpinWait();
                    }
                }
            });
            writer.start();
            interrupter.start();
            writer.join(TimeUnit.MINUTES.toMillis(2));
            done.set(true);
            interrupter.join();
            assertThat(failure.get()).as("no append failed").isNull();
            assertThat(ids).hasSize(count);
            assertThat(interruptsSent.get()).isGreaterThan(10);
            ledger.record(ReleaseDraft.builder("shop", "staging", "after").build());
        }
        try (FileReleaseLedger reopened = FileReleaseLedger.open(dir, options())) {
            assertThat(reopened.openReport().tornTail()).isNull();
            assertThat(ids).allSatisfy(id -> assertThat(reopened.byId(id)).isPresent());
            assertThat(reopened.history("shop", "staging", 0, 1).total()).isEqualTo(count + 1);
            assertThat(reopened.verify()).isEqualTo(count + 1);
        }
    }
}
