package io.jitploy.envfile.keys;

import io.jitploy.envfile.KeyFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Registry of the key formats known to {@link Recipient#parse(String)} and {@link Identities#parse(String,
 * PassphraseSource)}. age X25519 is built in; other formats add themselves once, at start-up, with
 * {@link #register(KeyFormat)}:
 *
 * <pre>{@code
 * // e.g. in io.jitploy.envfile.pgp
 * public static void install() { KeyFormats.register(new PgpKeyFormat()); }
 * }</pre>
 *
 * No {@code ServiceLoader} is used: the Jenkins plugin class loader makes discovery unreliable, and an explicit
 * call keeps the set of accepted formats visible. Registering the same type twice replaces the earlier format.
 */
public final class KeyFormats {
    private static final List<KeyFormat> FORMATS = new CopyOnWriteArrayList<>(List.of(new AgeKeyFormat()));

    private KeyFormats() {}

    /** Adds a format, replacing any registered format of the same {@link KeyFormat#type()}. */
    public static synchronized void register(KeyFormat format) {
        FORMATS.removeIf(existing -> existing.type().equals(format.type()));
        FORMATS.add(format);
    }

    /** Removes a registered format (tests); the built-in age format cannot be removed. */
    static synchronized void unregister(String type) {
        if (!type.equals(AgeKeyFormat.TYPE)) {
            FORMATS.removeIf(existing -> existing.type().equals(type));
        }
    }

    /** The registered formats, age first. */
    public static List<KeyFormat> all() {
        return List.copyOf(FORMATS);
    }

    /** Whether a format for the metadata list {@code type} is registered. */
    public static boolean supports(String type) {
        return FORMATS.stream().anyMatch(format -> format.type().equals(type));
    }

    static Recipient parseRecipient(String text) {
        String trimmed = text == null ? "" : text.strip();
        for (KeyFormat format : FORMATS) {
            Optional<Recipient> recipient = format.parseRecipient(trimmed);
            if (recipient.isPresent()) {
                return recipient.get();
            }
        }
        throw new KeyFormatException("Not a recognised recipient. Expected an age recipient (age1...)"
                + (supports("pgp") ? " or an OpenPGP public key or fingerprint" : "")
                + "; known key types: " + types() + ".");
    }

    static List<Identity> parseIdentities(String text, PassphraseSource passphrases) {
        List<Identity> identities = new ArrayList<>();
        for (KeyFormat format : FORMATS) {
            identities.addAll(format.parseIdentities(text, passphrases));
        }
        return identities;
    }

    static String types() {
        return String.join(", ", FORMATS.stream().map(KeyFormat::type).toList());
    }
}
