package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.health.HealthResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileReleaseLedgerStorageTest {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);

    private LedgerOptions options() {
        return LedgerOptions.defaults().withClock(clock);
    }

    /** Records {@code count} releases across two environments with a mix of states; returns their ids. */
    private List<String> populate(ReleaseLedger ledger, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String env = i % 3 == 0 ? "production" : "staging";
            TreeMap<String, String> config = new TreeMap<>();
            config.put("KEY_" + (i % 4), "fp" + i);
            Release r = ledger.record(ReleaseDraft.builder("shop", env, "v" + i)
                    .sha("sha" + i)
                    .configFingerprints(config)
                    .commitTime(T0.minusSeconds(i))
                    .build());
            ids.add(r.id());
            if (i % 5 != 4) {
                ledger.markStarted(r.id(), clock.advance(Duration.ofSeconds(30)));
                ReleaseResult result = i % 7 == 3 ? ReleaseResult.FAILED : ReleaseResult.SUCCEEDED;
                ledger.finish(
                        r.id(),
                        result,
                        clock.advance(Duration.ofSeconds(90)),
                        new HealthResult(true, 1, 200, "ok", Duration.ofMillis(120)));
            }
            if (i % 11 == 10) {
                ledger.markBad(r.id(), "reason " + i, "ana");
            }
            if (i % 13 == 12) {
                ledger.markIrreversible(r.id(), "dba");
            }
        }
        return ids;
    }

    private static List<Release> all(ReleaseLedger ledger, List<String> ids) {
        return ids.stream().map(id -> ledger.byId(id).orElseThrow()).toList();
    }

    @Test
    void reopenedLedgerHasEveryReleaseAndIndex() {
        List<String> ids;
        List<Release> before;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            ids = populate(ledger, 40);
            before = all(ledger, ids);
        }
        try (FileReleaseLedger reopened = FileReleaseLedger.open(dir, options())) {
            assertThat(all(reopened, ids)).isEqualTo(before);
            assertThat(reopened.live("shop", "production")).isPresent();
            assertThat(reopened.history("shop", "staging", 0, 100).total()).isEqualTo(26);
            assertThat(reopened.openReport().tornTail()).isNull();
            Release next = reopened.record(
                    ReleaseDraft.builder("shop", "staging", "next").build());
            assertThat(next.id()).isEqualTo("r0000000041");
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused() {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            assertThatThrownBy(() -> FileReleaseLedger.open(dir, options()))
                    .isInstanceOf(LedgerLockedException.class)
                    .hasMessageContaining("already open")
                    .hasMessageContaining("ledger.lock");
            ledger.record(ReleaseDraft.builder("shop", "staging", "1").build());
        }
        try (FileReleaseLedger again = FileReleaseLedger.open(dir, options())) {
            assertThat(again.byId("r0000000001")).isPresent();
        }
    }

    @Test
    void flippedByteInTheMiddleIsReportedWithFileAndOffset() throws IOException {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            populate(ledger, 10);
        }
        Files.delete(dir.resolve(SnapshotFile.NAME));
        Path segment = SegmentFiles.segment(dir, 1);
        List<Long> offsets = SegmentFiles.recordOffsets(segment);
        long victim = offsets.get(offsets.size() / 2);
        long sizeBefore = Files.size(segment);
        SegmentFiles.flipByte(segment, victim + 12 + 5);

        assertThatThrownBy(() -> FileReleaseLedger.open(dir, options()))
                .isInstanceOfSatisfying(LedgerCorruptedException.class, e -> {
                    assertThat(e.file()).isEqualTo(segment);
                    assertThat(e.offset()).isEqualTo(victim);
                })
                .hasMessageContaining("offset " + victim)
                .hasMessageContaining("CRC32C");
        // The refused open released its lock, and nothing was cut off the damaged file.
        assertThat(Files.size(segment)).isEqualTo(sizeBefore);
        assertThatThrownBy(() -> FileReleaseLedger.open(dir, options())).isInstanceOf(LedgerCorruptedException.class);
    }

    @Test
    void damagedLengthIsCorruptionNotATornTail() throws IOException {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            populate(ledger, 5);
        }
        Files.delete(dir.resolve(SnapshotFile.NAME));
        Path segment = SegmentFiles.segment(dir, 1);
        long victim = SegmentFiles.recordOffsets(segment).get(2);
        long sizeBefore = Files.size(segment);
        SegmentFiles.flipByte(segment, victim + 1);

        assertThatThrownBy(() -> FileReleaseLedger.open(dir, options()))
                .isInstanceOf(LedgerCorruptedException.class)
                .hasMessageContaining("offset " + victim)
                .hasMessageContaining("header checksum");
        assertThat(Files.size(segment)).isEqualTo(sizeBefore);
    }

    @Test
    void tornTailIsReportedCutOffAndLaterAppendsAreClean() throws IOException {
        List<String> ids;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            ids = populate(ledger, 6);
        }
        Files.delete(dir.resolve(SnapshotFile.NAME));
        Path segment = SegmentFiles.segment(dir, 1);
        List<Long> offsets = SegmentFiles.recordOffsets(segment);
        long lastRecord = offsets.get(offsets.size() - 1);
        long size = Files.size(segment);
        SegmentFiles.truncate(segment, size - 7);

        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            LedgerOpenReport report = ledger.openReport();
            assertThat(report.torn()).isPresent();
            assertThat(report.tornTail().segment()).isEqualTo(segment);
            assertThat(report.tornTail().offset()).isEqualTo(lastRecord);
            assertThat(report.tornTail().bytes()).isEqualTo(size - 7 - lastRecord);
            assertThat(Files.size(report.tornTail().savedTo())).isEqualTo(size - 7 - lastRecord);
            assertThat(report.replayedRecords()).isEqualTo(offsets.size() - 1);
            assertThat(Files.size(segment)).isEqualTo(lastRecord);
            // Every release is still there; only the last state change (unacknowledged in a real crash) is gone.
            assertThat(ids).allSatisfy(id -> assertThat(ledger.byId(id)).isPresent());
            ledger.record(ReleaseDraft.builder("shop", "staging", "after-crash").build());
        }
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            assertThat(ledger.openReport().tornTail()).isNull();
            assertThat(ledger.history("shop", "staging", 0, 1).items().get(0).version())
                    .isEqualTo("after-crash");
        }
    }

    @Test
    void zeroFilledTailIsATornTail() throws IOException {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            populate(ledger, 3);
        }
        Files.delete(dir.resolve(SnapshotFile.NAME));
        Path segment = SegmentFiles.segment(dir, 1);
        long size = Files.size(segment);
        Files.write(segment, new byte[100], java.nio.file.StandardOpenOption.APPEND);

        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            assertThat(ledger.openReport().tornTail().offset()).isEqualTo(size);
            assertThat(ledger.openReport().tornTail().bytes()).isEqualTo(100);
        }
    }

    @Test
    void zeroFilledNewSegmentIsATornTail() throws IOException {
        LedgerOptions small = options().withSegmentBytes(4096);
        List<String> ids;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, small)) {
            ids = populate(ledger, 20);
        }
        int segments = SegmentLog.segmentIndices(dir).size();
        // A crash right after the next segment's file was extended but before its header reached the disk.
        Path next = SegmentFiles.segment(dir, segments + 1);
        Files.write(next, new byte[64]);

        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, small)) {
            assertThat(ledger.openReport().tornTail().segment()).isEqualTo(next);
            assertThat(ledger.openReport().tornTail().bytes()).isEqualTo(64);
            assertThat(ids).allSatisfy(id -> assertThat(ledger.byId(id)).isPresent());
            ledger.record(ReleaseDraft.builder("shop", "staging", "after").build());
        }
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, small)) {
            assertThat(ledger.openReport().tornTail()).isNull();
            assertThat(ledger.verify()).isPositive();
        }
    }

    @Test
    void verifyFindsDamageInSegmentsTheSnapshotCovers() throws IOException {
        LedgerOptions small = options().withSegmentBytes(4096);
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, small)) {
            populate(ledger, 30);
        }
        Path first = SegmentFiles.segment(dir, 1);
        long victim = SegmentFiles.recordOffsets(first).get(3);
        SegmentFiles.flipByte(first, victim + 20);

        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, small)) {
            // Opening reads only what follows the snapshot, so it does not notice; verify() does.
            assertThat(ledger.openReport().replayedRecords()).isZero();
            assertThatThrownBy(ledger::verify).isInstanceOfSatisfying(LedgerCorruptedException.class, e -> {
                assertThat(e.file()).isEqualTo(first);
                assertThat(e.offset()).isEqualTo(victim);
            });
        }
    }

    @Test
    void verifyFindsASnapshotThatDisagreesWithTheSegments() throws IOException {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            populate(ledger, 5);
            ledger.setNote("r0000000002", "note A");
            assertThat(ledger.verify()).isEqualTo(countRecords());
        }
        // A snapshot from another ledger with records of the same sizes: it fits these segments byte for byte but
        // describes different releases.
        useSnapshotOfAnotherLedger(5, "r0000000002", "note B");
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            assertThat(ledger.openReport().snapshotProblem()).isNull();
            assertThat(ledger.byId("r0000000002").orElseThrow().note()).isEqualTo("note B");
            assertThatThrownBy(ledger::verify)
                    .isInstanceOf(LedgerCorruptedException.class)
                    .hasMessageContaining("differs from what the segments record")
                    .hasMessageContaining("delete snapshot.jps");
        }
    }

    @Test
    void snapshotThatDoesNotFitTheSegmentsIsIgnored() throws IOException {
        List<String> ids;
        List<Release> before;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            ids = populate(ledger, 12);
            before = all(ledger, ids);
        }
        // The short note puts the snapshot's position into the middle of one of this ledger's records.
        useSnapshotOfAnotherLedger(4, "r0000000001", "x");

        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            assertThat(ledger.openReport().snapshotProblem()).contains("does not fit the segments");
            assertThat(ledger.openReport().snapshotSequence()).isZero();
            assertThat(all(ledger, ids)).isEqualTo(before);
            assertThat(ledger.verify()).isPositive();
        }
    }

    /** Replaces this ledger's snapshot with one from a ledger of {@code releases} releases and one note. */
    private void useSnapshotOfAnotherLedger(int releases, String noteOn, String note) throws IOException {
        Path other = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-other"));
        try (FileReleaseLedger ledger = FileReleaseLedger.open(other, options())) {
            populate(ledger, releases);
            ledger.setNote(noteOn, note);
        }
        Files.copy(
                other.resolve(SnapshotFile.NAME),
                dir.resolve(SnapshotFile.NAME),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private long countRecords() throws IOException {
        return SegmentFiles.recordOffsets(SegmentFiles.segment(dir, 1)).size();
    }

    @Test
    void unknownFormatVersionAndForeignFilesAreRefusedClearly() throws IOException {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            populate(ledger, 2);
        }
        Path segment = SegmentFiles.segment(dir, 1);
        byte[] bytes = Files.readAllBytes(segment);
        ByteBuffer.wrap(bytes).putInt(8, 7);
        Files.write(segment, bytes);

        assertThatThrownBy(() -> FileReleaseLedger.open(dir, options()))
                .isInstanceOf(UnsupportedLedgerFormatException.class)
                .hasMessageContaining("format version 7")
                .hasMessageContaining("reads version 1");

        bytes[0] = 'X';
        Files.write(segment, bytes);
        assertThatThrownBy(() -> FileReleaseLedger.open(dir, options()))
                .isInstanceOf(LedgerCorruptedException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void segmentsRollOverAndAMissingSegmentIsDetected() throws IOException {
        LedgerOptions small = options().withSegmentBytes(4096);
        List<String> ids;
        List<Release> before;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, small)) {
            ids = populate(ledger, 60);
            before = all(ledger, ids);
        }
        int segments = SegmentLog.segmentIndices(dir).size();
        assertThat(segments).isGreaterThan(3);
        for (long i = 1; i <= segments; i++) {
            assertThat(Files.size(SegmentFiles.segment(dir, i))).isLessThanOrEqualTo(4096);
        }
        Files.delete(dir.resolve(SnapshotFile.NAME));
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, small)) {
            assertThat(ledger.openReport().segments()).isEqualTo(segments);
            assertThat(all(ledger, ids)).isEqualTo(before);
        }

        Files.delete(SegmentFiles.segment(dir, 2));
        assertThatThrownBy(() -> FileReleaseLedger.open(dir, small))
                .isInstanceOf(LedgerCorruptedException.class)
                .hasMessageContaining("segment-0000000002.jpl")
                .hasMessageContaining("missing");
    }

    @Test
    void snapshotPlusTailEqualsFullReplay() throws IOException {
        LedgerOptions snapshotting = options().withSnapshotEvery(17).withSegmentBytes(8192);
        List<String> ids;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, snapshotting)) {
            ids = populate(ledger, 50);
        }
        // Simulate a crash after the last periodic snapshot: copy the ledger without the snapshot written by close.
        Path crashed = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-full"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (!f.getFileName().toString().startsWith("snapshot")) {
                    Files.copy(f, crashed.resolve(f.getFileName()));
                }
            }
        }

        try (FileReleaseLedger fromSnapshot = FileReleaseLedger.open(dir, snapshotting);
                FileReleaseLedger fromScratch = FileReleaseLedger.open(crashed, snapshotting)) {
            assertThat(fromSnapshot.openReport().snapshotSequence()).isGreaterThan(0);
            assertThat(fromSnapshot.openReport().replayedRecords()).isZero();
            assertThat(fromScratch.openReport().snapshotSequence()).isZero();
            assertThat(all(fromSnapshot, ids)).isEqualTo(all(fromScratch, ids));
            for (String env : List.of("staging", "production")) {
                assertThat(fromSnapshot.live("shop", env)).isEqualTo(fromScratch.live("shop", env));
                assertThat(fromSnapshot.history("shop", env, 0, 100))
                        .isEqualTo(fromScratch.history("shop", env, 0, 100));
            }
            // Both continue with the same next id, so the tail after a snapshot lines up with the log.
            assertThat(fromSnapshot
                            .record(ReleaseDraft.builder("shop", "staging", "n").build())
                            .id())
                    .isEqualTo(fromScratch
                            .record(ReleaseDraft.builder("shop", "staging", "n").build())
                            .id());
        }
    }

    @Test
    void periodicSnapshotMeansOnlyTheTailIsReplayed() throws IOException {
        LedgerOptions snapshotting = options().withSnapshotEvery(10);
        List<String> ids;
        List<Release> before;
        FileReleaseLedger ledger = FileReleaseLedger.open(dir, snapshotting);
        ids = populate(ledger, 12);
        before = all(ledger, ids);
        ledger.awaitSnapshotWrites();
        // Copy the files as a crash would leave them (no snapshot on close).
        Path crashed = Files.createDirectory(dir.resolveSibling(dir.getFileName() + "-crash"));
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.copy(f, crashed.resolve(f.getFileName()));
            }
        }
        ledger.close();

        try (FileReleaseLedger reopened = FileReleaseLedger.open(crashed, snapshotting)) {
            LedgerOpenReport report = reopened.openReport();
            assertThat(report.snapshotSequence()).isPositive();
            assertThat(report.replayedRecords()).isPositive().isLessThan(10);
            assertThat(all(reopened, ids)).isEqualTo(before);
        }
    }

    @Test
    void damagedSnapshotFallsBackToFullReplayAndSaysSo() throws IOException {
        List<String> ids;
        List<Release> before;
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            ids = populate(ledger, 15);
            before = all(ledger, ids);
        }
        Path snapshot = dir.resolve(SnapshotFile.NAME);
        SegmentFiles.flipByte(snapshot, Files.size(snapshot) / 2);

        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            assertThat(ledger.openReport().snapshotProblem())
                    .contains("snapshot.jps")
                    .contains("checksum");
            assertThat(ledger.openReport().snapshotSequence()).isZero();
            assertThat(all(ledger, ids)).isEqualTo(before);
        }
        // Closing wrote a fresh snapshot.
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir, options())) {
            assertThat(ledger.openReport().snapshotProblem()).isNull();
            assertThat(ledger.openReport().replayedRecords()).isZero();
        }
    }
}
