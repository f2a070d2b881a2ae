package io.jitploy.envfile.keys;

import com.exceptionfactory.jagged.RecipientStanzaWriter;
import com.exceptionfactory.jagged.framework.armor.ArmoredEncryptingChannelFactory;
import com.exceptionfactory.jagged.x25519.X25519RecipientStanzaWriterFactory;
import io.jitploy.envfile.EnvFileException;
import io.jitploy.envfile.KeyFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An age X25519 recipient; wraps the data key as an ASCII-armored age file, as sops writes it. */
final class AgeX25519Recipient implements Recipient {
    private final String recipient;

    private AgeX25519Recipient(String recipient) {
        this.recipient = recipient;
    }

    static AgeX25519Recipient parse(String text) {
        String normalised = text.strip().toLowerCase(Locale.ROOT);
        try {
            X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(normalised);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new KeyFormatException("Not a valid age X25519 recipient (age1... with a valid Bech32 checksum)."
                    + " Copy the recipient again from `jitploy keygen` or `age-keygen -y`.");
        }
        return new AgeX25519Recipient(normalised);
    }

    @Override
    public String type() {
        return AgeKeyFormat.TYPE;
    }

    @Override
    public String id() {
        return recipient;
    }

    @Override
    public MasterKeyEntry wrap(byte[] dataKey, Instant now) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] copy = dataKey.clone();
        try {
            RecipientStanzaWriter writer = X25519RecipientStanzaWriterFactory.newRecipientStanzaWriter(recipient);
            try (WritableByteChannel channel = new ArmoredEncryptingChannelFactory()
                    .newEncryptingChannel(Channels.newChannel(out), List.of(writer))) {
                ByteBuffer buffer = ByteBuffer.wrap(copy);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new EnvFileException(
                    "Could not wrap the data key for age recipient " + recipient + ": " + e.getMessage()
                            + ". Check the recipient string.",
                    e);
        } finally {
            java.util.Arrays.fill(copy, (byte) 0);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("recipient", recipient);
        fields.put("enc", out.toString(StandardCharsets.US_ASCII));
        return MasterKeyEntry.of(AgeKeyFormat.TYPE, fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AgeX25519Recipient other && recipient.equals(other.recipient);
    }

    @Override
    public int hashCode() {
        return recipient.hashCode();
    }

    @Override
    public String toString() {
        return recipient;
    }
}
