package io.jitploy.envfile;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The sops value cipher: AES-256-GCM with a random 32-byte IV, the key path ({@code a:b:c:}) as associated data,
 * written as {@code ENC[AES256_GCM,data:...,iv:...,tag:...,type:...]} with standard padded base64.
 */
final class ValueCipher {
    static final Pattern ENC =
            Pattern.compile("^ENC\\[AES256_GCM,data:([^,]*),iv:([^,]+),tag:([^,]+),type:([^,\\]]+)]$");
    private static final int IV_BYTES = 32;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Cipher.getInstance costs more than encrypting a short value; a Cipher can be re-initialised per value. */
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JVM", e);
        }
    });

    /** A parsed {@code ENC[...]} value: plaintext type plus the decrypted bytes (caller wipes if needed). */
    record Decrypted(String type, byte[] plaintext) {}

    private ValueCipher() {}

    static boolean looksEncrypted(Object value) {
        return value instanceof String s && s.startsWith("ENC[");
    }

    static String encrypt(byte[] plaintext, String type, byte[] dataKey, String aad) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(
                    Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] out = cipher.doFinal(plaintext);
            byte[] data = Arrays.copyOfRange(out, 0, out.length - TAG_BYTES);
            byte[] tag = Arrays.copyOfRange(out, out.length - TAG_BYTES, out.length);
            Base64.Encoder b64 = Base64.getEncoder();
            return "ENC[AES256_GCM,data:" + b64.encodeToString(data) + ",iv:" + b64.encodeToString(iv) + ",tag:"
                    + b64.encodeToString(tag) + ",type:" + type + "]";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JVM", e);
        }
    }

    /**
     * @param where human description of the value's location for messages (never the value)
     * @throws MalformedEnvFileException if the text is not a well-formed {@code ENC[...]} value
     * @throws TamperedFileException if it does not authenticate under this key and associated data
     */
    static Decrypted decrypt(String enc, byte[] dataKey, String aad, String where) {
        Matcher m = ENC.matcher(enc);
        if (!m.matches()) {
            throw new MalformedEnvFileException("The value at " + where + " is not a well-formed ENC[AES256_GCM,data:"
                    + "...,iv:...,tag:...,type:...] value. It was probably damaged by a manual edit or a merge;"
                    + " restore it from version control or set it again with `jitploy set`.");
        }
        byte[] data;
        byte[] iv;
        byte[] tag;
        try {
            Base64.Decoder b64 = Base64.getDecoder();
            data = b64.decode(m.group(1));
            iv = b64.decode(m.group(2));
            tag = b64.decode(m.group(3));
        } catch (IllegalArgumentException e) {
            throw new MalformedEnvFileException("The value at " + where + " has invalid base64 in its ENC[...] fields."
                    + " Restore it from version control or set it again with `jitploy set`.");
        }
        if (iv.length == 0 || tag.length != TAG_BYTES) {
            throw new MalformedEnvFileException("The value at " + where + " has a " + iv.length + "-byte IV and a "
                    + tag.length + "-byte tag (expected a 32-byte IV and a 16-byte tag). Restore it from version"
                    + " control or set it again with `jitploy set`.");
        }
        try {
            Cipher cipher = AES_GCM.get();
            cipher.init(
                    Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(TAG_BYTES * 8, iv));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = Arrays.copyOf(data, data.length + TAG_BYTES);
            System.arraycopy(tag, 0, sealed, data.length, TAG_BYTES);
            byte[] plaintext = cipher.doFinal(sealed);
            return new Decrypted(m.group(4), plaintext);
        } catch (AEADBadTagException e) {
            throw new TamperedFileException("The value at " + where + " does not authenticate: it was edited, moved"
                    + " from another key or file, or encrypted under another data key. Restore the file from version"
                    + " control, or set the value again with `jitploy set`.");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is unavailable in this JVM", e);
        }
    }
}
