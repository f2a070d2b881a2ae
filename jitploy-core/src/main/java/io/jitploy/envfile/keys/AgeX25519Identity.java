package io.jitploy.envfile.keys;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.armor.ArmoredDecryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519KeyFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaReaderFactory;
import io.jitploy.envfile.KeyFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * An age X25519 identity. The Bech32 text is kept in a char array (jagged parses identities from a
 * {@code CharSequence}) so that {@link #destroy()} can overwrite it.
 */
final class AgeX25519Identity implements Identity {
    /** Largest armored age file accepted for a wrapped data key: a 32-byte key armors to well under 1 KiB. */
    private static final int MAX_ENC_CHARS = 64 * 1024;

    /** A data key is 32 bytes; anything much longer is not a sops data key and is not read to the end. */
    private static final int MAX_KEY_BYTES = 1024;

    private final char[] secret;
    private final String recipient;

    private AgeX25519Identity(char[] secret, String recipient) {
        this.secret = secret;
        this.recipient = recipient;
    }

    static AgeX25519Identity parse(String line) {
        char[] secret = line.strip().toUpperCase(Locale.ROOT).toCharArray();
        byte[] ascii = new String(secret).getBytes(StandardCharsets.US_ASCII);
        try {
            Key publicKey = new X25519KeyFactory().translateKey(new SecretKeySpec(ascii, "X25519"));
            return new AgeX25519Identity(secret, publicKey.toString());
        } catch (GeneralSecurityException | RuntimeException e) {
            Arrays.fill(secret, '\0');
            throw new KeyFormatException("Not a valid age identity (AGE-SECRET-KEY-1...).");
        } finally {
            Arrays.fill(ascii, (byte) 0);
        }
    }

    @Override
    public String type() {
        return AgeKeyFormat.TYPE;
    }

    @Override
    public String publicId() {
        return recipient;
    }

    @Override
    public Optional<byte[]> unwrap(MasterKeyEntry entry) {
        if (!AgeKeyFormat.TYPE.equals(entry.type()) || entry.enc().length() > MAX_ENC_CHARS) {
            return Optional.empty();
        }
        // The data key passes through these buffers: wipe them on every path, not only on success.
        ByteBuffer buffer = ByteBuffer.allocate(256);
        byte[] key = new byte[MAX_KEY_BYTES + 1];
        int length = 0;
        try {
            RecipientStanzaReader reader =
                    X25519RecipientStanzaReaderFactory.newRecipientStanzaReader(java.nio.CharBuffer.wrap(secret));
            ReadableByteChannel source = Channels.newChannel(new java.io.ByteArrayInputStream(armorOf(entry.enc())));
            try (ReadableByteChannel channel =
                    new ArmoredDecryptingChannelFactory().newDecryptingChannel(source, List.of(reader))) {
                while (channel.read(buffer) >= 0) {
                    buffer.flip();
                    int n = Math.min(buffer.remaining(), key.length - length);
                    buffer.get(key, length, n);
                    length += n;
                    buffer.clear();
                    if (length > MAX_KEY_BYTES) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(Arrays.copyOf(key, length));
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return Optional.empty();
        } finally {
            Arrays.fill(buffer.array(), (byte) 0);
            Arrays.fill(key, (byte) 0);
        }
    }

    /** sops writes the armor with a trailing newline; tolerate files where YAML folding dropped or added some. */
    private static byte[] armorOf(String enc) {
        String text = enc.strip() + "\n";
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void destroy() {
        Arrays.fill(secret, '\0');
    }

    @Override
    public String toString() {
        return "age identity for " + recipient;
    }
}
