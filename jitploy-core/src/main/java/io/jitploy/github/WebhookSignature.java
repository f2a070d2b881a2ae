package io.jitploy.github;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies GitHub's {@code X-Hub-Signature-256} webhook header: {@code sha256=} followed by the lowercase hex
 * HMAC-SHA256 of the raw request body, keyed with the webhook secret.
 *
 * <p>The digests are compared with {@link MessageDigest#isEqual}, whose running time does not depend on where they
 * differ, so an attacker cannot learn the signature byte by byte. Reasons never include the secret or the expected
 * signature.
 */
public final class WebhookSignature {
    /** The header GitHub sends the SHA-256 signature in. */
    public static final String HEADER = "X-Hub-Signature-256";

    private static final String PREFIX = "sha256=";
    private static final int DIGEST_HEX_LENGTH = 64;

    private WebhookSignature() {}

    /**
     * The outcome of a check.
     *
     * @param valid whether the body was signed with the secret
     * @param reason "ok", or why the signature was rejected (safe to log)
     */
    public record Check(boolean valid, String reason) {}

    /**
     * Whether {@code header} is a valid signature of {@code body} under {@code secret}.
     *
     * @param secret the webhook secret configured on GitHub
     * @param body the raw request body, exactly as received
     * @param header the value of {@code X-Hub-Signature-256}, may be null when the header is absent
     * @return true only for a well-formed header whose digest matches
     */
    public static boolean verify(byte[] secret, byte[] body, String header) {
        return check(secret, body, header).valid();
    }

    /**
     * Like {@link #verify} but says why a signature was rejected.
     *
     * @param secret the webhook secret configured on GitHub
     * @param body the raw request body, exactly as received
     * @param header the value of {@code X-Hub-Signature-256}, may be null when the header is absent
     * @return the outcome with a loggable reason
     */
    public static Check check(byte[] secret, byte[] body, String header) {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        if (secret.length == 0) {
            return new Check(false, "no webhook secret is configured; set the same secret on GitHub and in Jitploy");
        }
        if (header == null || header.isBlank()) {
            return new Check(false, HEADER + " header is missing; configure a secret on the GitHub webhook");
        }
        String value = header.trim();
        if (!value.startsWith(PREFIX)) {
            return new Check(false, HEADER + " header does not start with '" + PREFIX + "'");
        }
        String hex = value.substring(PREFIX.length());
        if (hex.length() != DIGEST_HEX_LENGTH || !isHex(hex)) {
            return new Check(
                    false,
                    HEADER + " header is not " + DIGEST_HEX_LENGTH + " hexadecimal digits after '" + PREFIX + "'");
        }
        byte[] received = HexFormat.of().parseHex(hex);
        if (!MessageDigest.isEqual(hmac(secret, body), received)) {
            return new Check(
                    false, HEADER + " does not match the body: the webhook secret differs or the body was altered");
        }
        return new Check(true, "ok");
    }

    /**
     * The header value GitHub would send for {@code body}; useful for tests and for signing outgoing test deliveries.
     *
     * @param secret the webhook secret
     * @param body the request body
     * @return {@code sha256=<hex>}
     */
    public static String sign(byte[] secret, byte[] body) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("cannot sign with an empty webhook secret");
        }
        return PREFIX + HexFormat.of().formatHex(hmac(secret, body));
    }

    private static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            // Every Java 17 runtime ships HmacSHA256; reaching this means a broken JCA setup.
            throw new IllegalStateException("HmacSHA256 is unavailable in this Java runtime", e);
        }
    }

    private static boolean isHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }
}
