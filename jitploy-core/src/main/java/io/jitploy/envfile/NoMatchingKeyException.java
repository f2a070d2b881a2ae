package io.jitploy.envfile;

import java.util.List;

/**
 * None of the supplied identities is a recipient of the file. The message lists the file's recipients and the
 * public parts of the keys that were tried, so the user can see which key is missing.
 */
public final class NoMatchingKeyException extends WrongKeyException {
    private static final long serialVersionUID = 1L;

    private final List<String> fileRecipients;
    private final List<String> triedKeys;

    public NoMatchingKeyException(List<String> fileRecipients, List<String> triedKeys) {
        super("None of the keys you supplied can open this file. The file is encrypted for: "
                + (fileRecipients.isEmpty() ? "(no recipients)" : String.join(", ", fileRecipients))
                + ". Keys tried: "
                + (triedKeys.isEmpty() ? "(none)" : String.join(", ", triedKeys))
                + ". Supply the identity of one of the file's recipients (for example with --identity or"
                + " JITPLOY_AGE_KEY), or ask someone who can open the file to add your recipient.");
        this.fileRecipients = List.copyOf(fileRecipients);
        this.triedKeys = List.copyOf(triedKeys);
    }

    /** Public identifiers (age recipients, PGP fingerprints, ...) the file is encrypted for. */
    public List<String> fileRecipients() {
        return fileRecipients;
    }

    /** Public identifiers of the identities that were tried. */
    public List<String> triedKeys() {
        return triedKeys;
    }
}
