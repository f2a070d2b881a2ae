package io.jitploy.envfile.pgp;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyKeyEncryptionMethodGenerator;

/**
 * An OpenPGP recipient: a public key ring to which data keys are encrypted. Its {@link #fingerprint()} is the primary
 * key's fingerprint, as sops records it in {@code pgp[].fp}; the data key is encrypted to the ring's newest valid
 * encryption subkey.
 */
public final class PgpPublicKey {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PGPPublicKeyRing ring;
    private final PGPPublicKey encryptionKey;

    private PgpPublicKey(PGPPublicKeyRing ring, PGPPublicKey encryptionKey) {
        this.ring = ring;
        this.encryptionKey = encryptionKey;
    }

    /**
     * Parses an ASCII-armored ({@code -----BEGIN PGP PUBLIC KEY BLOCK-----}) or binary OpenPGP public key, as written
     * by {@code gpg --export --armor FINGERPRINT}. If the text holds several keys, the first one is used.
     *
     * @throws PgpException if it is not a public key, or it has no usable encryption key
     */
    public static PgpPublicKey parse(byte[] keyText) {
        PGPPublicKeyRing ring = readRings(keyText).get(0);
        PGPPublicKey encryptionKey = newestEncryptionKey(ring)
                .orElseThrow(() -> new PgpException(
                        PgpException.Reason.NO_ENCRYPTION_KEY,
                        "OpenPGP key " + Fingerprints.format(ring.getPublicKey().getFingerprint())
                                + " has no valid encryption subkey (expired, revoked or sign-only). Add an encryption"
                                + " subkey (gpg --quick-add-key FINGERPRINT cv25519 encr) and export it again."));
        return new PgpPublicKey(ring, encryptionKey);
    }

    /** Same as {@link #parse(byte[])} for armored text. */
    public static PgpPublicKey parse(String armoredKey) {
        return parse(armoredKey.getBytes(StandardCharsets.UTF_8));
    }

    /** True if the text looks like an OpenPGP public key block (armored), without parsing it. */
    public static boolean looksLikePublicKey(String text) {
        return text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    /**
     * Normalizes a fingerprint as written by users ({@code 0x} prefix, spaces, lower case) to upper-case hex.
     *
     * @return the normalized fingerprint, or empty if the text is not a v4 (40 hex) or v6 (64 hex) fingerprint
     */
    public static Optional<String> normalizeFingerprint(String text) {
        return Optional.ofNullable(Fingerprints.normalize(text));
    }

    /** The primary key's fingerprint in upper-case hex, as sops writes it in {@code pgp[].fp}. */
    public String fingerprint() {
        return Fingerprints.format(ring.getPublicKey().getFingerprint());
    }

    /** The fingerprint of the subkey that {@link #encrypt(byte[])} encrypts to. */
    public String encryptionKeyFingerprint() {
        return Fingerprints.format(encryptionKey.getFingerprint());
    }

    /** The first user id of the key (for messages), or the fingerprint if it has none. */
    public String userId() {
        Iterator<String> ids = ring.getPublicKey().getUserIDs();
        return ids.hasNext() ? ids.next() : fingerprint();
    }

    /** The key ring, armored, so it can be stored next to the fingerprint. */
    public String armored() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor =
                ArmoredOutputStream.builder().clearHeaders().build(out)) {
            ring.encode(armor);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot armor an in-memory key", e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /**
     * Encrypts a data key to this recipient: an ASCII-armored OpenPGP message (AES-256, with integrity protection)
     * whose literal data is the raw key, as sops stores in {@code pgp[].enc}.
     */
    public String encrypt(byte[] dataKey) {
        PGPEncryptedDataGenerator generator =
                new PGPEncryptedDataGenerator(new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                        .setWithIntegrityPacket(true)
                        .setSecureRandom(RANDOM));
        generator.addMethod(new BcPublicKeyKeyEncryptionMethodGenerator(encryptionKey).setSecureRandom(RANDOM));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor =
                        ArmoredOutputStream.builder().clearHeaders().build(out);
                OutputStream encrypted = generator.open(armor, new byte[1 << 12])) {
            PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
            try (OutputStream plain = literal.open(encrypted, PGPLiteralData.BINARY, "", dataKey.length, new Date(0))) {
                plain.write(dataKey);
            }
        } catch (IOException | PGPException e) {
            throw new PgpException(
                    PgpException.Reason.NO_ENCRYPTION_KEY,
                    "Cannot encrypt to OpenPGP key " + fingerprint() + " (" + e.getMessage()
                            + "). Check that the key's encryption subkey uses RSA, ECDH or X25519.",
                    e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "PgpPublicKey[" + fingerprint() + "]";
    }

    static List<PGPPublicKeyRing> readRings(byte[] keyText) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keyText))) {
            PGPPublicKeyRingCollection collection =
                    new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
            collection.getKeyRings().forEachRemaining(rings::add);
        } catch (IOException | PGPException | RuntimeException e) {
            throw malformed(e);
        }
        if (rings.isEmpty()) {
            throw malformed(null);
        }
        return rings;
    }

    private static PgpException malformed(Exception cause) {
        return new PgpException(
                PgpException.Reason.MALFORMED_KEY,
                "Not an OpenPGP public key. Export one with `gpg --export --armor FINGERPRINT` (a file starting"
                        + " with -----BEGIN PGP PUBLIC KEY BLOCK-----).",
                cause);
    }

    private static Optional<PGPPublicKey> newestEncryptionKey(PGPPublicKeyRing ring) {
        PGPPublicKey best = null;
        long now = System.currentTimeMillis();
        for (PGPPublicKey key : ring) {
            if (!key.isEncryptionKey() || key.hasRevocation() || expired(key, now) || !flagsAllowEncryption(key)) {
                continue;
            }
            // A primary key that can encrypt is only a fallback: sops and gpg prefer subkeys.
            if (best == null
                    || (best.isMasterKey() && !key.isMasterKey())
                    || (best.isMasterKey() == key.isMasterKey()
                            && key.getCreationTime().after(best.getCreationTime()))) {
                best = key;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean expired(PGPPublicKey key, long now) {
        long validSeconds = key.getValidSeconds();
        return validSeconds > 0 && key.getCreationTime().getTime() + validSeconds * 1000 < now;
    }

    private static boolean flagsAllowEncryption(PGPPublicKey key) {
        Iterator<PGPSignature> signatures =
                key.isMasterKey() ? key.getSignatures() : key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        boolean sawFlags = false;
        while (signatures.hasNext()) {
            PGPSignature signature = signatures.next();
            if (signature.getHashedSubPackets() == null
                    || signature.getHashedSubPackets().getKeyFlags() == 0) {
                continue;
            }
            sawFlags = true;
            int flags = signature.getHashedSubPackets().getKeyFlags();
            if ((flags & (KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE)) != 0) {
                return true;
            }
        }
        // Old keys without key flags: the algorithm decides (isEncryptionKey above).
        return !sawFlags;
    }
}
