package io.jitploy.cli;

import io.jitploy.envfile.pgp.PgpPublicKey;
import java.util.Locale;

/** Recognises a recipient id without needing its key: age recipients and OpenPGP fingerprints. */
final class PgpOrAge {
    private PgpOrAge() {}

    static String normalize(String id) {
        String stripped = id.strip();
        if (stripped.toLowerCase(Locale.ROOT).startsWith("age1")) {
            return stripped.toLowerCase(Locale.ROOT);
        }
        return PgpPublicKey.normalizeFingerprint(stripped).orElse(stripped);
    }

    static String type(String normalizedId) {
        return normalizedId.startsWith("age1") ? "age" : "pgp";
    }
}
