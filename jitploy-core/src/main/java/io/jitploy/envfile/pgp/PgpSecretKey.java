package io.jitploy.envfile.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedData;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PBESecretKeyDecryptor;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPublicKeyDataDecryptorFactory;

/**
 * An OpenPGP identity: an armored secret key ring (as exported by {@code gpg --export-secret-keys --armor}) that
 * decrypts data keys encrypted to it. No GnuPG keyring or agent is involved. A protected key asks its passphrase
 * source once, on first use.
 */
public final class PgpSecretKey {
    /** Upper bound for a decrypted data key: sops data keys are 32 bytes; anything much larger is not ours. */
    private static final int MAX_PAYLOAD = 1024;

    private final PGPSecretKeyRing ring;
    private final Supplier<char[]> passphrase;
    private final Map<Long, PGPPrivateKey> unlocked = new HashMap<>();

    private PgpSecretKey(PGPSecretKeyRing ring, Supplier<char[]> passphrase) {
        this.ring = ring;
        this.passphrase = passphrase;
    }

    /**
     * Parses an armored or binary OpenPGP secret key. If the text holds several keys, the first one is used.
     *
     * @param passphrase asked at most once, and only if the key is protected; may return null or an empty array
     *     for unprotected keys. The returned array is wiped after use.
     * @throws PgpException if the text is not an OpenPGP secret key
     */
    public static PgpSecretKey parse(byte[] keyText, Supplier<char[]> passphrase) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(keyText))) {
            Iterator<PGPSecretKeyRing> rings =
                    new PGPSecretKeyRingCollection(in, new BcKeyFingerprintCalculator()).getKeyRings();
            if (rings.hasNext()) {
                return new PgpSecretKey(rings.next(), passphrase);
            }
        } catch (IOException | PGPException | RuntimeException e) {
            throw malformed(e);
        }
        throw malformed(null);
    }

    /** True if the text looks like an armored OpenPGP secret key block, without parsing it. */
    public static boolean looksLikeSecretKey(String text) {
        return text.contains("-----BEGIN PGP PRIVATE KEY BLOCK-----");
    }

    /** The primary key's fingerprint in upper-case hex, matching {@code pgp[].fp} entries written for this key. */
    public String fingerprint() {
        return Fingerprints.format(ring.getPublicKey().getFingerprint());
    }

    /** The fingerprints of the primary key and every subkey. */
    public List<String> allFingerprints() {
        List<String> fingerprints = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(key -> fingerprints.add(Fingerprints.format(key.getFingerprint())));
        return fingerprints;
    }

    /** True if this secret key ring holds the private key for one of the message's recipients. */
    public boolean isRecipientOf(String armoredMessage) {
        for (PGPPublicKeyEncryptedData data : encryptedParts(armoredMessage)) {
            if (data.getKeyID() == 0 || secretKeyFor(data.getKeyID()) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * Decrypts an armored OpenPGP message encrypted to this key (a sops {@code pgp[].enc}) and returns its literal
     * data: the raw data key. The caller owns the returned array and should wipe it after use.
     *
     * @throws PgpException with reason NOT_A_RECIPIENT, WRONG_PASSPHRASE or TAMPERED_MESSAGE
     */
    public byte[] decrypt(String armoredMessage) {
        List<PGPPublicKeyEncryptedData> parts = encryptedParts(armoredMessage);
        for (PGPPublicKeyEncryptedData data : parts) {
            // Key id 0 is a hidden recipient (gpg --throw-keyids): try every decryption key.
            List<PGPSecretKey> candidates = new ArrayList<>();
            if (data.getKeyID() == 0) {
                ring.getSecretKeys().forEachRemaining(key -> {
                    if (key.getPublicKey().isEncryptionKey()) {
                        candidates.add(key);
                    }
                });
            } else if (secretKeyFor(data.getKeyID()) != null) {
                candidates.add(secretKeyFor(data.getKeyID()));
            }
            for (PGPSecretKey candidate : candidates) {
                byte[] plain = decryptWith(data, unlock(candidate), data.getKeyID() == 0);
                if (plain != null) {
                    return plain;
                }
            }
        }
        throw new PgpException(
                PgpException.Reason.NOT_A_RECIPIENT,
                "The OpenPGP message is not encrypted to key " + fingerprint()
                        + ". Use the secret key of one of the file's pgp recipients, or ask a recipient to add"
                        + " this key (jitploy recipients add --pgp " + fingerprint() + ").");
    }

    @Override
    public String toString() {
        return "PgpSecretKey[" + fingerprint() + "]";
    }

    private PGPSecretKey secretKeyFor(long keyId) {
        PGPSecretKey key = ring.getSecretKey(keyId);
        return key == null || key.isPrivateKeyEmpty() ? null : key;
    }

    private synchronized PGPPrivateKey unlock(PGPSecretKey key) {
        PGPPrivateKey known = unlocked.get(key.getKeyID());
        if (known != null) {
            return known;
        }
        char[] secret = null;
        try {
            PBESecretKeyDecryptor decryptor = null;
            if (key.getKeyEncryptionAlgorithm() != 0) {
                secret = passphrase == null ? null : passphrase.get();
                if (secret == null || secret.length == 0) {
                    throw new PgpException(
                            PgpException.Reason.WRONG_PASSPHRASE,
                            "OpenPGP key " + fingerprint() + " is protected by a passphrase and none was given."
                                    + " Type it at the prompt or set JITPLOY_PGP_PASSPHRASE.");
                }
                decryptor = new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(secret);
            }
            PGPPrivateKey privateKey = key.extractPrivateKey(decryptor);
            unlocked.put(key.getKeyID(), privateKey);
            return privateKey;
        } catch (PGPException e) {
            throw new PgpException(
                    PgpException.Reason.WRONG_PASSPHRASE,
                    "Wrong passphrase for OpenPGP key " + fingerprint()
                            + ". Check JITPLOY_PGP_PASSPHRASE or the passphrase you typed.",
                    e);
        } finally {
            if (secret != null) {
                Arrays.fill(secret, '\0');
            }
        }
    }

    private static byte[] decryptWith(PGPPublicKeyEncryptedData data, PGPPrivateKey key, boolean guessing) {
        InputStream clear;
        try {
            clear = data.getDataStream(new BcPublicKeyDataDecryptorFactory(key));
        } catch (PGPException | RuntimeException e) {
            if (guessing) {
                return null;
            }
            throw tampered(e);
        }
        try {
            byte[] literal = readLiteral(clear);
            if (!data.isIntegrityProtected()) {
                throw new PgpException(
                        PgpException.Reason.TAMPERED_MESSAGE,
                        "The OpenPGP message has no integrity protection and is refused. Re-encrypt the file's data"
                                + " key with a current tool (jitploy rotate).");
            }
            if (!data.isAEAD() && !data.verify()) {
                throw tampered(null);
            }
            return literal;
        } catch (IOException | PGPException e) {
            throw tampered(e);
        }
    }

    private static byte[] readLiteral(InputStream clear) throws IOException, PGPException {
        Object next = new BcPGPObjectFactory(clear).nextObject();
        if (next instanceof PGPCompressedData compressed) {
            next = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
        }
        if (!(next instanceof PGPLiteralData literal)) {
            throw tampered(null);
        }
        try (InputStream in = literal.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_PAYLOAD + 1);
            if (bytes.length > MAX_PAYLOAD) {
                throw tampered(null);
            }
            // Reading to the end makes BouncyCastle check the modification detection code.
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return bytes;
        }
    }

    private static List<PGPPublicKeyEncryptedData> encryptedParts(String armoredMessage) {
        List<PGPPublicKeyEncryptedData> parts = new ArrayList<>();
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armoredMessage.getBytes(StandardCharsets.US_ASCII)))) {
            BcPGPObjectFactory factory = new BcPGPObjectFactory(in);
            Object next = factory.nextObject();
            while (next instanceof PGPMarker) {
                next = factory.nextObject();
            }
            if (!(next instanceof PGPEncryptedDataList list)) {
                throw tampered(null);
            }
            for (PGPEncryptedData data : list) {
                if (data instanceof PGPPublicKeyEncryptedData pked) {
                    parts.add(pked);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PgpException pgp) {
                throw pgp;
            }
            throw tampered(e);
        }
        return parts;
    }

    private static PgpException tampered(Exception cause) {
        return new PgpException(
                PgpException.Reason.TAMPERED_MESSAGE,
                "The OpenPGP-encrypted data key is malformed or was modified. Restore the file from git"
                        + " (git checkout -- FILE), or ask another recipient to re-add this key.",
                cause);
    }

    private static PgpException malformed(Exception cause) {
        return new PgpException(
                PgpException.Reason.MALFORMED_KEY,
                "Not an OpenPGP secret key. Export one with `gpg --export-secret-keys --armor FINGERPRINT` (a file"
                        + " starting with -----BEGIN PGP PRIVATE KEY BLOCK-----).",
                cause);
    }
}
