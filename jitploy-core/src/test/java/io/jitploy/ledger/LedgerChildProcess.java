package io.jitploy.ledger;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Child JVM for the crash and locking tests. {@code write DIR}: appends releases forever, printing {@code ack ID
 * STATE} after each change is acknowledged. {@code hold DIR}: opens the ledger, prints {@code open}, and keeps it open
 * until stdin closes. Either prints {@code locked} and exits with 3 if the ledger is open elsewhere.
 */
public final class LedgerChildProcess {
    private LedgerChildProcess() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        FileReleaseLedger opened;
        try {
            opened = FileReleaseLedger.open(Path.of(args[1]));
        } catch (LedgerLockedException e) {
            out.println("locked");
            out.flush();
            System.exit(3);
            return;
        }
        try (FileReleaseLedger ledger = opened) {
            if (args[0].equals("hold")) {
                out.println("open");
                out.flush();
                while (System.in.read() >= 0) {
                    // wait for the parent to close stdin
                }
                return;
            }
            for (int i = 0; ; i++) {
                Release r = ledger.record(ReleaseDraft.builder("shop", i % 2 == 0 ? "staging" : "production", "v" + i)
                        .sha("sha" + i)
                        .build());
                ack(out, r);
                ack(out, ledger.markStarted(r.id(), Instant.now()));
                ack(out, ledger.finish(r.id(), ReleaseResult.SUCCEEDED, Instant.now(), null));
            }
        }
    }

    private static void ack(PrintStream out, Release r) {
        out.println("ack " + r.id() + " " + r.result());
        out.flush();
    }
}
