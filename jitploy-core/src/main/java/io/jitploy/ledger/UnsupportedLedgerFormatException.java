package io.jitploy.ledger;

import java.nio.file.Path;

/** A ledger file was written in a format version this Jitploy does not read. */
public class UnsupportedLedgerFormatException extends LedgerException {
    public UnsupportedLedgerFormatException(Path file, int version, int supported) {
        super("Release ledger file " + file + " has format version " + version + " but this Jitploy reads version "
                + supported + ". Upgrade Jitploy to a release that reads format " + version
                + ", or restore the ledger from a backup taken before the upgrade.");
    }
}
