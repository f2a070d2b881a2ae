package io.jitploy.bench;

import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.LedgerOptions;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.stream.Stream;

/** Builds a ledger directory with many finished releases in one environment, for the ledger benchmarks. */
final class LedgerFixture {
    private LedgerFixture() {}

    /**
     * Writes {@code releases} releases (recorded, started, finished; one in ten failed) without fsync, which only
     * the fixture may skip, and closes the ledger so that a snapshot covers them all.
     */
    static Path create(String app, String env, int releases) throws IOException {
        Path dir = Files.createTempDirectory("jitploy-ledger-bench");
        LedgerOptions fast = LedgerOptions.defaults().withoutFsync().withSnapshotEvery(Integer.MAX_VALUE);
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        try (FileReleaseLedger fixture = FileReleaseLedger.open(dir, fast)) {
            for (int i = 0; i < releases; i++) {
                Release r = fixture.record(ReleaseDraft.builder(app, env, "1." + i)
                        .sha(Integer.toHexString(i))
                        .user("bench")
                        .build());
                Instant at = t.plusSeconds(i * 60L);
                fixture.markStarted(r.id(), at);
                fixture.finish(r.id(), i % 10 == 7 ? ReleaseResult.FAILED : ReleaseResult.SUCCEEDED, at, null);
            }
        }
        return dir;
    }

    static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
