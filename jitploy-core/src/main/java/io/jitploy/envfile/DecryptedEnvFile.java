package io.jitploy.envfile;

import io.jitploy.envfile.keys.MasterKeyEntry;
import io.jitploy.envfile.keys.Recipient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A decrypted env file: the plaintext tree plus the data key, so that changes re-encrypt only what changed
 * (unchanged values keep their exact ciphertext). Close it to wipe the data key. {@code toString()} never shows
 * values.
 */
public final class DecryptedEnvFile implements AutoCloseable {
    private final EncryptedEnvFile source;
    private final List<Mapping> plain;
    private final byte[] dataKey;
    private final Map<String, String> stash;
    private final Clock clock;
    private boolean closed;

    DecryptedEnvFile(EncryptedEnvFile source, List<Mapping> plain, byte[] dataKey, Map<String, String> stash) {
        this(source, plain, dataKey, stash, Clock.systemUTC());
    }

    private DecryptedEnvFile(
            EncryptedEnvFile source, List<Mapping> plain, byte[] dataKey, Map<String, String> stash, Clock clock) {
        this.source = source;
        this.plain = plain;
        this.dataKey = dataKey;
        this.stash = stash;
        this.clock = clock;
    }

    /**
     * The same decrypted file, using {@code clock} for the {@code lastmodified} of files it produces. Both views
     * share the data key: closing either one wipes it.
     */
    public DecryptedEnvFile withClock(Clock clock) {
        return new DecryptedEnvFile(source, plain, dataKey, stash, clock);
    }

    /** The encrypted file this was decrypted from. */
    public EncryptedEnvFile source() {
        return source;
    }

    public EnvFileFormat format() {
        return source.format();
    }

    /** Key paths of all values, in document order. */
    public List<String> keyPaths() {
        return KeyPath.leaves(plain);
    }

    /** The value at a key path as text (see {@link #toEnvironment()} for how non-strings are written). */
    public Optional<String> value(String keyPath) {
        checkOpen();
        Object value = KeyPath.find(plain, KeyPath.parse(keyPath));
        if (value == null || value instanceof Mapping || value instanceof List) {
            return Optional.empty();
        }
        return Optional.of(EnvironmentNames.text(value));
    }

    /**
     * The values as environment variables. Flattening rule: a nested key's name is its path joined with
     * {@code _} ({@code db: {password: x}} gives {@code db_password}); list elements append their index
     * ({@code hosts_0}); names keep their case. Strings are used as they are; ints in decimal; floats in Go's
     * shortest plain form; booleans {@code true}/{@code false}; null as an empty string. Comments are skipped.
     *
     * @throws MalformedEnvFileException if two keys flatten to the same name
     * @throws UnsupportedEnvFileException for binary files
     */
    public Map<String, String> toEnvironment() {
        checkOpen();
        if (format() == EnvFileFormat.BINARY) {
            throw new UnsupportedEnvFileException("A binary file has no variables. Use plaintext() for its content,"
                    + " or store variables as YAML, JSON or dotenv.");
        }
        return EnvironmentNames.flatten(plain);
    }

    /**
     * For every key path, a 12-hex-character keyed fingerprint of its value (never the value): equal across files
     * encrypted under the same data key, different after rotation. See {@code docs/envfiles.md}.
     */
    public SortedMap<String, String> keyFingerprints() {
        checkOpen();
        Fingerprints fingerprints = new Fingerprints(dataKey);
        try {
            SortedMap<String, String> out = new TreeMap<>();
            KeyPath.leafValues(plain).forEach((path, value) -> out.put(path, fingerprints.of(path, value)));
            return out;
        } finally {
            fingerprints.wipe();
        }
    }

    /** The plaintext document in the file's format (for {@code unlock}/{@code edit}). */
    public byte[] plaintext() {
        checkOpen();
        return Store.of(format()).emitPlain(plain);
    }

    /**
     * Sets a string value; every other value keeps its ciphertext. Missing parent mappings are created.
     *
     * @param keyPath dot-separated path, e.g. {@code DB_PASSWORD} or {@code db.password}
     */
    public EncryptedEnvFile set(String keyPath, String value) {
        checkOpen();
        List<Mapping> copy = Mapping.deepCopy(plain);
        TreeEdit.set(copy, KeyPath.parse(keyPath), value, keyPath);
        return rebuild(copy);
    }

    /**
     * Removes a key; every other value keeps its ciphertext.
     *
     * @throws EnvFileException if the key does not exist
     */
    public EncryptedEnvFile unset(String keyPath) {
        checkOpen();
        List<Mapping> copy = Mapping.deepCopy(plain);
        TreeEdit.unset(copy, KeyPath.parse(keyPath), keyPath);
        return rebuild(copy);
    }

    /**
     * Encrypts an edited plaintext (from {@code jitploy edit} or {@code lock}) under the same data key: values that
     * did not change keep their exact ciphertext, so the diff shows only what changed.
     */
    public EncryptedEnvFile reencrypt(byte[] editedPlaintext) {
        checkOpen();
        EncryptedEnvFile.checkSize(editedPlaintext.length);
        List<Mapping> edited = Store.of(format()).parsePlain(editedPlaintext);
        return rebuild(edited);
    }

    /** A new data key for the current recipients, every value re-encrypted: revokes removed recipients. */
    public EncryptedEnvFile rotate() {
        checkOpen();
        return rotate(source.currentRecipients());
    }

    /** A new data key for the given recipients, every value re-encrypted. */
    public EncryptedEnvFile rotate(List<? extends Recipient> recipients) {
        checkOpen();
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("At least one recipient is required: nobody could open the file.");
        }
        byte[] newKey = EncryptedEnvFile.newDataKey();
        try {
            List<MasterKeyEntry> keys = EncryptedEnvFile.wrapAll(new ArrayList<>(recipients), newKey, clock);
            Metadata template = source.metadata().withKeys(keys);
            return EncryptedEnvFile.build(
                    format(), Mapping.deepCopy(plain), newKey, template, clock, TreeCipher.newStash());
        } finally {
            Arrays.fill(newKey, (byte) 0);
        }
    }

    /**
     * Re-wraps the same data key for exactly these recipients. Entries already present stay byte-identical;
     * entries of key types Jitploy cannot create (KMS, Vault...) are kept. Values, MAC and {@code lastmodified}
     * do not change.
     */
    public RecipientUpdate updateRecipients(List<? extends Recipient> recipients) {
        checkOpen();
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("At least one recipient is required: nobody could open the file.");
        }
        List<MasterKeyEntry> existing = source.metadata().keys();
        Map<String, MasterKeyEntry> byId = new LinkedHashMap<>();
        existing.forEach(e -> byId.put(e.type() + " " + e.recipientId(), e));
        List<MasterKeyEntry> keys = new ArrayList<>();
        List<String> added = new ArrayList<>();
        List<String> wanted = new ArrayList<>();
        for (Recipient recipient : recipients) {
            String id = recipient.type() + " " + recipient.id();
            if (wanted.contains(id)) {
                continue;
            }
            wanted.add(id);
            MasterKeyEntry entry = byId.get(id);
            if (entry == null) {
                entry = recipient.wrap(dataKey, clock.instant());
                added.add(recipient.id());
            }
            keys.add(entry);
        }
        List<String> removed = new ArrayList<>();
        for (MasterKeyEntry entry : existing) {
            String id = entry.type() + " " + entry.recipientId();
            if (wanted.contains(id)) {
                continue;
            }
            if (io.jitploy.envfile.keys.KeyFormats.supports(entry.type())) {
                removed.add(entry.recipientId());
            } else {
                keys.add(entry);
            }
        }
        keys.sort(java.util.Comparator.comparing(MasterKeyEntry::type));
        return new RecipientUpdate(source.withMetadataKeys(keys), added, removed);
    }

    private EncryptedEnvFile rebuild(List<Mapping> edited) {
        return EncryptedEnvFile.build(format(), edited, dataKey, source.metadata(), clock, stash);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("This decrypted file was closed and its data key wiped.");
        }
    }

    /** Wipes the data key. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(dataKey, (byte) 0);
        stash.clear();
    }

    @Override
    public String toString() {
        return "DecryptedEnvFile[" + format() + ", "
                + (closed ? "closed" : keyPaths().size() + " values") + "]";
    }
}
