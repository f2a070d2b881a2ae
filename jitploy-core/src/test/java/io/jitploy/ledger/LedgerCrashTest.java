package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs a real second JVM against the ledger directory. */
// A hung child process or a deadlock must fail the build, not stall it.
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LedgerCrashTest {
    private static final List<ReleaseResult> PROGRESS =
            List.of(ReleaseResult.QUEUED, ReleaseResult.RUNNING, ReleaseResult.SUCCEEDED);

    @TempDir
    Path dir;

    private Process child(String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        LedgerChildProcess.class.getName(),
                        mode,
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    @Test
    void killedWriterLosesNoAcknowledgedRecord() throws Exception {
        Process writer = child("write");
        Map<String, ReleaseResult> acknowledged = new LinkedHashMap<>();
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (acknowledged.size() < 150 && (line = out.readLine()) != null) {
                acknowledge(acknowledged, line);
            }
            assertThat(acknowledged).as("the child wrote before it was killed").hasSize(150);
            // SIGKILL through the process handle: Process.destroyForcibly() would also close our end of the pipe,
            // and the acknowledgements still in it must be read.
            assertThat(writer.toHandle().destroyForcibly()).isTrue();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // Lines already in the pipe were acknowledged before the kill as well.
            while ((line = out.readLine()) != null) {
                acknowledge(acknowledged, line);
            }
        } finally {
            writer.destroyForcibly();
        }

        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir)) {
            acknowledged.forEach((id, state) -> {
                Release release = ledger.byId(id).orElseThrow(() -> new AssertionError("lost acknowledged " + id));
                assertThat(PROGRESS.indexOf(release.result()))
                        .as("state of %s", id)
                        .isGreaterThanOrEqualTo(PROGRESS.indexOf(state));
            });
            // Nothing unacknowledged beyond the one change in flight at the kill.
            assertThat(ledger.openReport().releases()).isBetween(acknowledged.size(), acknowledged.size() + 1);
            ledger.record(ReleaseDraft.builder("shop", "staging", "after").build());
        }
    }

    private static void acknowledge(Map<String, ReleaseResult> acknowledged, String line) {
        String[] parts = line.split(" ");
        assertThat(parts[0]).isEqualTo("ack");
        acknowledged.put(parts[1], ReleaseResult.valueOf(parts[2]));
    }

    @Test
    void refusedOpenInThisJvmKeepsOtherProcessesLockedOut() throws Exception {
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir)) {
            assertThatThrownBy(() -> FileReleaseLedger.open(dir)).isInstanceOf(LedgerLockedException.class);

            Process other = child("hold");
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))) {
                assertThat(out.readLine()).isEqualTo("locked");
                assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(other.exitValue()).isEqualTo(3);
            } finally {
                other.destroyForcibly();
            }
            ledger.record(ReleaseDraft.builder("shop", "staging", "1").build());
        }
    }

    @Test
    void secondProcessIsRefusedWhileTheFirstHasTheLedgerOpen() throws Exception {
        Process holder = child("hold");
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.readLine()).isEqualTo("open");

            assertThatThrownBy(() -> FileReleaseLedger.open(dir))
                    .isInstanceOf(LedgerLockedException.class)
                    .hasMessageContaining("already open")
                    .hasMessageContaining("stop the other");

            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(holder.exitValue()).isZero();
        } finally {
            holder.destroyForcibly();
        }
        try (FileReleaseLedger ledger = FileReleaseLedger.open(dir)) {
            assertThat(ledger.openReport().releases()).isZero();
        }
    }
}
