package io.jitploy.bench;

import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.HistoryPage;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Release ledger costs on the deploy path, with {@code releases} releases already in one environment (the worst
 * case for history): a durable append (fsync included), the live lookup, and the first history page of 50.
 *
 * <p>The fixture is written without fsync to build quickly, then the ledger is closed and reopened with the
 * default, durable options, so every measured append waits for the disk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class LedgerBenchmark {
    static final String APP = "shop";
    static final String ENV = "production";

    @Param("100000")
    public int releases;

    private Path dir;
    private FileReleaseLedger ledger;
    private long appended;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = LedgerFixture.create(APP, ENV, releases);
        ledger = FileReleaseLedger.open(dir);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        ledger.close();
        LedgerFixture.delete(dir);
    }

    /** One durable append: encode, write, fsync, index. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Release append() {
        return ledger.record(ReleaseDraft.builder(APP, "staging", "2." + appended++)
                .user("bench")
                .build());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Optional<Release> liveLookup() {
        return ledger.live(APP, ENV);
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public HistoryPage firstHistoryPage() {
        return ledger.history(APP, ENV, 0, 50);
    }
}
