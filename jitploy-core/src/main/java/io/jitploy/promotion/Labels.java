package io.jitploy.promotion;

import io.jitploy.ledger.Release;

/** How releases are named in refusal messages, so every message reads the same. */
final class Labels {
    private Labels() {}

    /** "v1.2 (abc1234, release r0000000017)". */
    static String of(Release release) {
        String sha = release.sha() == null
                ? "no sha"
                : release.sha().length() > 7 ? release.sha().substring(0, 7) : release.sha();
        return release.version() + " (" + sha + ", release " + release.id() + ")";
    }
}
