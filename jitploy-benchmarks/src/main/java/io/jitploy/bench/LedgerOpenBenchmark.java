package io.jitploy.bench;

import io.jitploy.ledger.FileReleaseLedger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Start-up cost of a ledger with {@code releases} releases: from the snapshot ({@code snapshot}), or replaying every
 * record because there is none ({@code full}). Shows what the snapshot buys a restarting Jenkins controller.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class LedgerOpenBenchmark {
    @Param("100000")
    public int releases;

    @Param({"snapshot", "full"})
    public String start;

    private Path dir;
    private Path savedSnapshot;
    private FileReleaseLedger opened;

    @Setup(Level.Trial)
    public void fill() throws IOException {
        dir = LedgerFixture.create(LedgerBenchmark.APP, LedgerBenchmark.ENV, releases);
        savedSnapshot = Files.createTempFile("jitploy-ledger-snapshot", ".jps");
        Files.copy(dir.resolve("snapshot.jps"), savedSnapshot, StandardCopyOption.REPLACE_EXISTING);
    }

    @Setup(Level.Iteration)
    public void prepare() throws IOException {
        if (start.equals("full")) {
            Files.deleteIfExists(dir.resolve("snapshot.jps"));
        } else {
            Files.copy(savedSnapshot, dir.resolve("snapshot.jps"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Benchmark
    public int open() {
        opened = FileReleaseLedger.open(dir);
        return opened.openReport().releases();
    }

    @TearDown(Level.Iteration)
    public void closeLedger() {
        opened.close();
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
        LedgerFixture.delete(dir);
        Files.deleteIfExists(savedSnapshot);
    }
}
