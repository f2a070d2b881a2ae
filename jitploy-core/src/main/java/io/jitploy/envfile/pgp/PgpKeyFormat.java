package io.jitploy.envfile.pgp;

import io.jitploy.envfile.KeyFormatException;
import io.jitploy.envfile.keys.Identity;
import io.jitploy.envfile.keys.KeyFormat;
import io.jitploy.envfile.keys.KeyFormats;
import io.jitploy.envfile.keys.PassphraseSource;
import io.jitploy.envfile.keys.Recipient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The OpenPGP key format for {@link io.jitploy.envfile.keys.Recipient#parse(String)} and
 * {@link io.jitploy.envfile.keys.Identities#parse(String, PassphraseSource)}: recipients are armored public keys or
 * fingerprints (resolved to a public key through a lookup), identities are armored secret keys. Call
 * {@link #install()} (or {@link #install(Function)}) once at start-up.
 */
public final class PgpKeyFormat implements KeyFormat {
    static final String TYPE = "pgp";
    private static final String SECRET_BLOCK = "-----BEGIN PGP PRIVATE KEY BLOCK-----";

    private final Function<String, Optional<String>> publicKeyLookup;

    private PgpKeyFormat(Function<String, Optional<String>> publicKeyLookup) {
        this.publicKeyLookup = publicKeyLookup;
    }

    /** Registers OpenPGP support; a bare fingerprint is then refused as a recipient (no public key to encrypt to). */
    public static void install() {
        install(fingerprint -> Optional.empty());
    }

    /**
     * Registers OpenPGP support, resolving bare fingerprints given as recipients to armored public keys with the
     * lookup (e.g. a directory of {@code FINGERPRINT.asc} files committed in the repository).
     */
    public static void install(Function<String, Optional<String>> publicKeyLookup) {
        KeyFormats.register(new PgpKeyFormat(publicKeyLookup));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Optional<Recipient> parseRecipient(String text) {
        if (PgpPublicKey.looksLikePublicKey(text)) {
            return Optional.of(new PgpRecipient(parsePublic(text)));
        }
        Optional<String> fingerprint = PgpPublicKey.normalizeFingerprint(text);
        if (fingerprint.isEmpty()) {
            return Optional.empty();
        }
        String armored = publicKeyLookup
                .apply(fingerprint.get())
                .orElseThrow(() -> new KeyFormatException("No public key found for OpenPGP fingerprint "
                        + fingerprint.get() + ". Data keys can only be encrypted to a public key: export it with"
                        + " `gpg --export --armor " + fingerprint.get() + " > .jitploy/pgp/" + fingerprint.get()
                        + ".asc` and commit that file, or pass the .asc file instead of the fingerprint."));
        PgpPublicKey key = parsePublic(armored);
        if (!key.fingerprint().equals(fingerprint.get())) {
            throw new KeyFormatException("The public key found for OpenPGP fingerprint " + fingerprint.get()
                    + " has fingerprint " + key.fingerprint() + ". Replace the key file with the right key.");
        }
        return Optional.of(new PgpRecipient(key));
    }

    @Override
    public List<Identity> parseIdentities(String text, PassphraseSource passphrases) {
        List<Identity> identities = new ArrayList<>();
        int start = text.indexOf(SECRET_BLOCK);
        while (start >= 0) {
            int next = text.indexOf(SECRET_BLOCK, start + SECRET_BLOCK.length());
            String block = next < 0 ? text.substring(start) : text.substring(start, next);
            identities.add(parseSecret(block, passphrases));
            start = next;
        }
        return identities;
    }

    private static PgpPublicKey parsePublic(String armored) {
        try {
            return PgpPublicKey.parse(armored);
        } catch (PgpException e) {
            throw new KeyFormatException(e.getMessage());
        }
    }

    private static Identity parseSecret(String block, PassphraseSource passphrases) {
        try {
            PgpSecretKey[] holder = new PgpSecretKey[1];
            holder[0] = PgpSecretKey.parse(
                    block.getBytes(StandardCharsets.US_ASCII),
                    () -> passphrases.passphrase("OpenPGP key " + holder[0].fingerprint()));
            return new PgpIdentity(holder[0]);
        } catch (PgpException e) {
            throw new KeyFormatException(e.getMessage());
        }
    }
}
