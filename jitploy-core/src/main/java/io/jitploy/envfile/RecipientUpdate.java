package io.jitploy.envfile;

import java.util.List;
import java.util.Optional;

/**
 * Result of changing a file's recipients without changing its data key: the new file, which recipients were
 * added and removed, and a warning when removal does not revoke access.
 */
public record RecipientUpdate(EncryptedEnvFile file, List<String> added, List<String> removed) {
    public RecipientUpdate {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
    }

    /**
     * Present when recipients were removed: the data key is unchanged, so a removed recipient who kept it (or any
     * older revision of the file) can still decrypt. Only {@code rotate} revokes.
     */
    public Optional<String> warning() {
        if (removed.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Removed " + String.join(", ", removed) + " from the recipients, but the data key did not"
                + " change: they can still decrypt older revisions from version control and, if they kept the data"
                + " key, this one too. Run `jitploy rotate` to generate a new data key and re-encrypt every value.");
    }
}
