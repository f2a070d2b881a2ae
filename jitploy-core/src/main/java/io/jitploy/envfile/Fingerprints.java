package io.jitploy.envfile;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short keyed fingerprints of values, for config diffs that never show values: HMAC-SHA256 under a key derived
 * from the data key with HKDF-SHA256 (info {@code jitploy envfile fingerprint v1}), over key path, type and
 * plaintext, truncated to 12 hex characters. Without the data key they reveal nothing about the value, not even
 * whether two keys hold the same value; they change when the data key is rotated.
 */
final class Fingerprints {
    static final int HEX_CHARS = 12;
    private static final byte[] INFO = "jitploy envfile fingerprint v1".getBytes(StandardCharsets.UTF_8);

    private final byte[] key;

    Fingerprints(byte[] dataKey) {
        this.key = hkdf(dataKey);
    }

    String of(String path, Object value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(path.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(ValueEncoding.typeOf(value).getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            byte[] digest = mac.doFinal(ValueEncoding.toBytes(value));
            return HexFormat.of().formatHex(digest).substring(0, HEX_CHARS);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    void wipe() {
        Arrays.fill(key, (byte) 0);
    }

    private static byte[] hkdf(byte[] ikm) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[32], "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(INFO);
            byte[] okm = mac.doFinal(new byte[] {1});
            Arrays.fill(prk, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
