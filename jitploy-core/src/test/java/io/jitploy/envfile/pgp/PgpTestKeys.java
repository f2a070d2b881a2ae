package io.jitploy.envfile.pgp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.X25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.X25519KeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.PBESecretKeyEncryptor;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Test fixture: a fresh OpenPGP key (Ed25519 primary for certification, Curve25519 ECDH subkey for encryption, the
 * kind {@code gpg --quick-gen-key} makes), armored. Fast enough to create one per test.
 */
public record PgpTestKeys(String publicKey, String secretKey, String passphrase) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key pair whose secret key is protected by {@code passphrase} (or unprotected when it is empty). */
    public static PgpTestKeys generate(String userId, String passphrase) {
        try {
            Date now = new Date(System.currentTimeMillis() / 1000 * 1000 - 60_000);
            Ed25519KeyPairGenerator signing = new Ed25519KeyPairGenerator();
            signing.init(new Ed25519KeyGenerationParameters(RANDOM));
            X25519KeyPairGenerator encryption = new X25519KeyPairGenerator();
            encryption.init(new X25519KeyGenerationParameters(RANDOM));
            AsymmetricCipherKeyPair primaryPair = signing.generateKeyPair();
            AsymmetricCipherKeyPair subPair = encryption.generateKeyPair();
            PGPKeyPair primary = new BcPGPKeyPair(PublicKeyAlgorithmTags.EDDSA_LEGACY, primaryPair, now);
            PGPKeyPair sub = new BcPGPKeyPair(PublicKeyAlgorithmTags.ECDH, subPair, now);

            PGPSignatureSubpacketGenerator primaryFlags = new PGPSignatureSubpacketGenerator();
            primaryFlags.setKeyFlags(false, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA);
            PGPSignatureSubpacketGenerator subFlags = new PGPSignatureSubpacketGenerator();
            subFlags.setKeyFlags(false, KeyFlags.ENCRYPT_COMMS | KeyFlags.ENCRYPT_STORAGE);

            PGPDigestCalculator sha1 = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1);
            PBESecretKeyEncryptor protection = passphrase.isEmpty()
                    ? null
                    : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256, sha1, 0x60)
                            .build(passphrase.toCharArray());
            PGPKeyRingGenerator generator = new PGPKeyRingGenerator(
                    PGPSignature.POSITIVE_CERTIFICATION,
                    primary,
                    userId,
                    sha1,
                    primaryFlags.generate(),
                    null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.EDDSA_LEGACY, HashAlgorithmTags.SHA256),
                    protection);
            generator.addSubKey(sub, subFlags.generate(), null);
            return new PgpTestKeys(
                    armor(generator.generatePublicKeyRing().getEncoded()),
                    armor(generator.generateSecretKeyRing().getEncoded()),
                    passphrase);
        } catch (PGPException | IOException e) {
            throw new IllegalStateException("Cannot generate a test OpenPGP key", e);
        }
    }

    private static String armor(byte[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor =
                ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armor.write(encoded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
