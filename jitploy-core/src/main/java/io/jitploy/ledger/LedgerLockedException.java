package io.jitploy.ledger;

import java.nio.file.Path;

/** Another process (or another open ledger in this JVM) already has the ledger directory open. */
public class LedgerLockedException extends LedgerException {
    public LedgerLockedException(Path lockFile) {
        super("Release ledger " + lockFile.getParent() + " is already open (lock " + lockFile
                + " is held). Only one process may write a ledger: stop the other Jenkins controller or jitploy"
                + " command using it, or close the ledger already open in this process, then retry.");
    }
}
