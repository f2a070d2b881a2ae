package io.jitploy.envfile;

import io.jitploy.envfile.keys.KeyFormats;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.MasterKeyEntry;
import io.jitploy.envfile.keys.Recipient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An encrypted env file in the sops format: readable keys, encrypted values, wrapped data keys and a MAC.
 * Immutable; every change returns a new instance. Files written here open with {@code sops}, and files written by
 * {@code sops} (one key group, age or OpenPGP) open here.
 */
public final class EncryptedEnvFile {
    /** Largest file accepted, encrypted or plaintext: 8 MiB. Env files are meant to be small. */
    public static final int MAX_FILE_BYTES = 8 * 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EnvFileFormat format;
    private final List<Mapping> documents;
    private final Metadata metadata;
    private final byte[] bytes;

    private EncryptedEnvFile(EnvFileFormat format, List<Mapping> documents, Metadata metadata, byte[] bytes) {
        this.format = format;
        this.documents = documents;
        this.metadata = metadata;
        this.bytes = bytes;
    }

    /**
     * Parses an encrypted file without decrypting it.
     *
     * @throws MalformedEnvFileException for bad syntax, missing metadata, malformed metadata, or size
     * @throws UnsupportedEnvFileException for unknown versions or several key groups
     */
    public static EncryptedEnvFile parse(byte[] content, EnvFileFormat format) {
        checkSize(content.length);
        Store.Parsed parsed = Store.of(format).parseEncrypted(content);
        Metadata metadata = Metadata.fromTree(parsed.metadata());
        return new EncryptedEnvFile(format, parsed.documents(), metadata, content.clone());
    }

    /** Reads and parses a file; the format comes from its name ({@link EnvFileFormat#fromPath(Path)}). */
    public static EncryptedEnvFile read(Path path) {
        return parse(readLimited(path), EnvFileFormat.fromPath(path));
    }

    /** Reads a file, refusing files over {@link #MAX_FILE_BYTES} before loading them. */
    public static byte[] readLimited(Path path) {
        try {
            checkSize(Files.size(path));
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + path, e);
        }
    }

    static void checkSize(long size) {
        if (size > MAX_FILE_BYTES) {
            throw new EnvFileTooLargeException(size, MAX_FILE_BYTES);
        }
    }

    /**
     * Encrypts a plaintext document for the settings' recipients under a new random data key.
     *
     * @throws MalformedEnvFileException if the plaintext cannot be parsed, has a {@code sops} key, or is too large
     */
    public static EncryptedEnvFile encrypt(byte[] plaintext, EnvFileFormat format, EncryptionSettings settings) {
        checkSize(plaintext.length);
        List<Mapping> plain = Store.of(format).parsePlain(plaintext);
        byte[] dataKey = newDataKey();
        try {
            List<MasterKeyEntry> keys = wrapAll(settings.recipients(), dataKey, settings.clock());
            Metadata template = new Metadata(
                    keys,
                    settings.selectionRule(),
                    Metadata.now(settings.clock()),
                    "",
                    Metadata.WRITTEN_VERSION,
                    settings.macOnlyEncrypted());
            return build(format, plain, dataKey, template, settings.clock(), TreeCipher.newStash());
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Encrypts the tree, computes and encrypts the MAC with a fresh {@code lastmodified}, and emits the file. */
    static EncryptedEnvFile build(
            EnvFileFormat format,
            List<Mapping> plain,
            byte[] dataKey,
            Metadata template,
            Clock clock,
            Map<String, String> stash) {
        TreeCipher cipher = new TreeCipher(template.selectionRule(), template.macOnlyEncrypted(), dataKey, stash);
        TreeCipher.Result result = cipher.encrypt(plain);
        OffsetDateTime now = Metadata.now(clock);
        Metadata metadata =
                template.withMac(now, TreeCipher.encryptMac(result.mac(), dataKey, Metadata.RFC3339.format(now)));
        byte[] content = Store.of(format).emitEncrypted(result.documents(), metadata.toTree());
        checkSize(content.length);
        return new EncryptedEnvFile(format, result.documents(), metadata, content);
    }

    static byte[] newDataKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    static List<MasterKeyEntry> wrapAll(List<Recipient> recipients, byte[] dataKey, Clock clock) {
        List<MasterKeyEntry> keys = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Recipient recipient : recipients) {
            if (seen.contains(recipient.type() + " " + recipient.id())) {
                continue;
            }
            seen.add(recipient.type() + " " + recipient.id());
            keys.add(recipient.wrap(dataKey, clock.instant()));
        }
        // sops writes the key types in alphabetical order (age before pgp); keep recipients' order within a type.
        keys.sort(java.util.Comparator.comparing(MasterKeyEntry::type));
        return keys;
    }

    /** The file content: the bytes parsed, or the bytes produced by the operation that created this instance. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Writes the file through a temporary file in the same directory and an atomic move. */
    public void writeAtomically(Path path) {
        AtomicFile.write(path, bytes);
    }

    /**
     * Opens the data key with one of the identities, decrypts every value and verifies the MAC.
     *
     * @throws NoMatchingKeyException if no identity is a recipient of the file
     * @throws WrongKeyException if the data key cannot be opened or does not match the values
     * @throws TamperedFileException if a value does not authenticate
     * @throws MacMismatchException if values were swapped, removed or reordered, or the MAC or lastmodified edited
     */
    public DecryptedEnvFile decrypt(KeyRing keys) {
        byte[] dataKey = keys.unwrapDataKey(metadata.keys());
        try {
            return decryptWith(dataKey);
        } catch (RuntimeException e) {
            Arrays.fill(dataKey, (byte) 0);
            throw e;
        }
    }

    private DecryptedEnvFile decryptWith(byte[] dataKey) {
        Map<String, String> stash = TreeCipher.newStash();
        TreeCipher cipher = new TreeCipher(metadata.selectionRule(), metadata.macOnlyEncrypted(), dataKey, stash)
                .binary(format == EnvFileFormat.BINARY);
        TreeCipher.Result result = cipher.decrypt(documents);
        String storedMac = null;
        try {
            ValueCipher.Decrypted mac =
                    ValueCipher.decrypt(metadata.mac(), dataKey, metadata.lastModifiedText(), "sops.mac");
            storedMac = new String(mac.plaintext(), StandardCharsets.UTF_8);
        } catch (TamperedFileException e) {
            // Reported below, after deciding whether the data key itself is wrong.
        }
        if (cipher.failureCount() > 0) {
            if (cipher.decryptedCount() == 0 && (cipher.failureCount() > 1 || storedMac == null)) {
                throw new WrongKeyException("The data key opened from the file's metadata decrypts none of the "
                        + cipher.failureCount() + " encrypted values: the `sops` metadata (the `enc` entries) comes"
                        + " from another file or was replaced. Restore the file from version control.");
            }
            TamperedFileException first = cipher.firstFailure();
            throw new TamperedFileException(first.getMessage()
                    + (cipher.failureCount() > 1 ? " (" + cipher.failureCount() + " values fail in total)" : ""));
        }
        if (storedMac == null) {
            throw new MacMismatchException("The file MAC does not authenticate: `sops.mac` or `sops.lastmodified` was"
                    + " edited. Restore the file from version control; if the values are trusted, re-save it with"
                    + " `jitploy edit` to compute a new MAC.");
        }
        if (!java.security.MessageDigest.isEqual(
                storedMac.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                result.mac().getBytes(StandardCharsets.US_ASCII))) {
            throw new MacMismatchException("The file MAC does not match its values: values were swapped, removed,"
                    + " added or reordered, or an unencrypted value was changed, without re-encrypting the file."
                    + " Restore the file from version control, or make the change with `jitploy set`/`jitploy edit`.");
        }
        return new DecryptedEnvFile(this, result.documents(), dataKey, stash);
    }

    /** Key paths of all values (encrypted or not), in document order; see {@code docs/envfiles.md}. */
    public List<String> keyPaths() {
        return KeyPath.leaves(documents);
    }

    public Metadata metadata() {
        return metadata;
    }

    public EnvFileFormat format() {
        return format;
    }

    /**
     * Re-wraps the same data key for exactly these recipients (entries already present are kept byte-identical;
     * entries of key types Jitploy cannot create, such as KMS, are kept). Removing a recipient does not revoke:
     * see {@link RecipientUpdate#warning()} and {@link #rotate(KeyRing)}.
     */
    public RecipientUpdate updateRecipients(KeyRing keys, List<? extends Recipient> recipients) {
        try (DecryptedEnvFile decrypted = decrypt(keys)) {
            return decrypted.updateRecipients(recipients);
        }
    }

    /** {@link #updateRecipients(KeyRing, List)} without the details. */
    public EncryptedEnvFile withRecipients(KeyRing keys, List<? extends Recipient> recipients) {
        return updateRecipients(keys, recipients).file();
    }

    /**
     * Generates a new data key, re-encrypts every value and wraps the key for the file's current recipients (age
     * and, when registered, OpenPGP). This is what revokes a removed recipient.
     */
    public EncryptedEnvFile rotate(KeyRing keys) {
        try (DecryptedEnvFile decrypted = decrypt(keys)) {
            return decrypted.rotate();
        }
    }

    /** Like {@link #rotate(KeyRing)}, for a new set of recipients. */
    public EncryptedEnvFile rotate(KeyRing keys, List<? extends Recipient> recipients) {
        try (DecryptedEnvFile decrypted = decrypt(keys)) {
            return decrypted.rotate(recipients);
        }
    }

    /** Recipients of the current metadata, for rotation; fails for key types that cannot be re-created here. */
    List<Recipient> currentRecipients() {
        List<Recipient> recipients = new ArrayList<>();
        for (MasterKeyEntry entry : metadata.keys()) {
            if (!KeyFormats.supports(entry.type())) {
                throw new UnsupportedEnvFileException("The file has a " + entry.type() + " master key ("
                        + entry.recipientId() + "), which Jitploy cannot re-create when rotating the data key. Rotate"
                        + " with `sops rotate`, or pass the full list of recipients to rotate to.");
            }
            recipients.add(Recipient.parse(entry.recipientId()));
        }
        return recipients;
    }

    EncryptedEnvFile withMetadataKeys(List<MasterKeyEntry> keys) {
        Metadata updated = metadata.withKeys(keys);
        byte[] content = Store.of(format).emitEncrypted(documents, updated.toTree());
        // Every recipient entry adds a few hundred bytes: never produce a file that read() would then refuse.
        checkSize(content.length);
        return new EncryptedEnvFile(format, documents, updated, content);
    }

    @Override
    public String toString() {
        return "EncryptedEnvFile[" + format + ", " + keyPaths().size() + " values, recipients="
                + metadata.recipientIds() + "]";
    }
}
