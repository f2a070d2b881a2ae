package io.jitploy.ledger;

import java.nio.file.Path;

/**
 * A ledger file holds bytes that are not a valid record, somewhere other than a torn tail. The ledger refuses to
 * open rather than drop records silently.
 */
public class LedgerCorruptedException extends LedgerException {
    private final Path file;
    private final long offset;

    public LedgerCorruptedException(Path file, long offset, String problem) {
        this(
                file,
                offset,
                problem,
                "Restore the ledger directory from a backup, or cut this file at this offset to open the ledger"
                        + " without the records from here on (see docs/ledger.md, 'Opening and recovery').");
    }

    /** Corruption with a specific remedy, for files whose loss costs no records (such as the snapshot). */
    public LedgerCorruptedException(Path file, long offset, String problem, String remedy) {
        super("Release ledger file " + file + " is corrupted at byte offset " + offset + ": " + problem + ". "
                + remedy);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
