package io.jitploy.envfile.pgp;

import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** Fingerprint formatting as sops writes it in {@code pgp[].fp}: upper-case hex, no spaces. */
final class Fingerprints {
    private static final Pattern HEX = Pattern.compile("[0-9A-F]{40}|[0-9A-F]{64}");

    private Fingerprints() {}

    static String format(byte[] fingerprint) {
        return HexFormat.of().withUpperCase().formatHex(fingerprint);
    }

    /** Accepts the forms people paste: spaces, lower case, a {@code 0x} prefix. Returns null if not a fingerprint. */
    static String normalize(String text) {
        String compact = text.strip().replace(" ", "").toUpperCase(Locale.ROOT);
        if (compact.startsWith("0X")) {
            compact = compact.substring(2);
        }
        return HEX.matcher(compact).matches() ? compact : null;
    }
}
