package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Compares values of two revisions without keeping or printing them: each value becomes an HMAC under a random key
 * that lives only for this process. Unlike the file's own fingerprints (keyed by its data key), these stay
 * comparable across a data key rotation.
 */
final class ValueDigest {
    private static final byte[] SESSION_KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(SESSION_KEY);
    }

    private ValueDigest() {}

    /** Key path → digest of its value, for every value of the file. */
    static SortedMap<String, String> of(DecryptedEnvFile file) {
        SortedMap<String, String> digests = new TreeMap<>();
        for (String path : file.keyPaths()) {
            digests.put(path, digest(file.value(path).orElse("")));
        }
        return digests;
    }

    private static String digest(String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SESSION_KEY, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
