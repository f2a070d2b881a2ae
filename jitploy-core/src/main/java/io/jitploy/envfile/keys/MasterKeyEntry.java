package io.jitploy.envfile.keys;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One wrapped copy of a file's data key, as stored in the {@code sops} metadata: the list it belongs to
 * ({@code age}, {@code pgp}, {@code kms}, ...) and its fields in file order, e.g. {@code {recipient, enc}} for age
 * or {@code {created_at, enc, fp}} for OpenPGP. Entries of types Jitploy cannot open (KMS, Vault...) are carried
 * through untouched when the data key does not change.
 *
 * <p>Field values are strings, except for the rare nested fields of cloud key types (e.g. a KMS {@code context}
 * map), which are kept as parsed.
 */
public final class MasterKeyEntry {
    private static final Map<String, String> ID_FIELDS = Map.of(
            "age", "recipient",
            "pgp", "fp",
            "kms", "arn",
            "gcp_kms", "resource_id",
            "azure_kv", "vault_url",
            "hc_vault", "key_name",
            "hckms", "key_id");

    private final String type;
    private final Map<String, Object> fields;

    private MasterKeyEntry(String type, Map<String, Object> fields) {
        this.type = Objects.requireNonNull(type, "type");
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** An entry of the given metadata list ({@code age}, {@code pgp}, ...) with its fields in file order. */
    public static MasterKeyEntry of(String type, Map<String, ?> fields) {
        return new MasterKeyEntry(type, new LinkedHashMap<>(fields));
    }

    /** Name of the metadata list holding this entry: {@code age}, {@code pgp}, {@code kms}, ... */
    public String type() {
        return type;
    }

    /** All fields in file order. */
    public Map<String, Object> fields() {
        return fields;
    }

    /** A string field, if present. */
    public Optional<String> field(String name) {
        Object value = fields.get(name);
        return value instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The wrapped data key ({@code enc}), e.g. an armored age or OpenPGP message. */
    public String enc() {
        return field("enc").orElse("");
    }

    /**
     * The public identifier of the master key: the age recipient, the PGP fingerprint, the KMS ARN... Used to
     * match identities, to add/remove recipients and in error messages. Never secret.
     */
    public String recipientId() {
        String idField = ID_FIELDS.getOrDefault(type, "recipient");
        return field(idField).orElse("");
    }

    /** A copy with one field replaced or added (at the end if new). */
    public MasterKeyEntry with(String name, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        copy.put(name, value);
        return new MasterKeyEntry(type, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MasterKeyEntry other && type.equals(other.type) && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, fields);
    }

    @Override
    public String toString() {
        return type + ":" + recipientId();
    }
}
