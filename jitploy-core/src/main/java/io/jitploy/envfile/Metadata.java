package io.jitploy.envfile;

import io.jitploy.envfile.keys.MasterKeyEntry;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@code sops} metadata of an encrypted file: the wrapped data keys (one key group), the selection rule,
 * {@code lastmodified}, the encrypted MAC, the format version and {@code mac_only_encrypted}. Nothing here is
 * secret: the MAC is itself encrypted.
 */
public final class Metadata {
    /** The sops format version Jitploy writes; files of any 3.x version are read. */
    public static final String WRITTEN_VERSION = "3.13.1";

    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private final List<MasterKeyEntry> keys;
    private final SelectionRule selectionRule;
    private final OffsetDateTime lastModified;
    private final String mac;
    private final String version;
    private final boolean macOnlyEncrypted;

    Metadata(
            List<MasterKeyEntry> keys,
            SelectionRule selectionRule,
            OffsetDateTime lastModified,
            String mac,
            String version,
            boolean macOnlyEncrypted) {
        this.keys = List.copyOf(keys);
        this.selectionRule = selectionRule;
        this.lastModified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        this.mac = mac;
        this.version = version;
        this.macOnlyEncrypted = macOnlyEncrypted;
    }

    /** The wrapped data keys, in file order (age entries first, then the other types alphabetically). */
    public List<MasterKeyEntry> keys() {
        return keys;
    }

    /** Public identifiers of the recipients, e.g. {@code age1...} and PGP fingerprints. */
    public List<String> recipientIds() {
        return keys.stream().map(MasterKeyEntry::recipientId).toList();
    }

    public SelectionRule selectionRule() {
        return selectionRule;
    }

    public OffsetDateTime lastModified() {
        return lastModified;
    }

    /** {@code lastmodified} as RFC 3339 without fractional seconds: the associated data of the MAC. */
    public String lastModifiedText() {
        return RFC3339.format(lastModified);
    }

    /** The encrypted MAC, an {@code ENC[...]} string. */
    public String mac() {
        return mac;
    }

    public String version() {
        return version;
    }

    public boolean macOnlyEncrypted() {
        return macOnlyEncrypted;
    }

    Metadata withKeys(List<MasterKeyEntry> newKeys) {
        return new Metadata(newKeys, selectionRule, lastModified, mac, version, macOnlyEncrypted);
    }

    Metadata withMac(OffsetDateTime newLastModified, String newMac) {
        return new Metadata(keys, selectionRule, newLastModified, newMac, WRITTEN_VERSION, macOnlyEncrypted);
    }

    /** The metadata as a tree with keys sorted alphabetically, as sops writes it. */
    Mapping toTree() {
        TreeMap<String, Object> sorted = new TreeMap<>();
        Map<String, List<Object>> byType = new LinkedHashMap<>();
        for (MasterKeyEntry entry : keys) {
            byType.computeIfAbsent(entry.type(), t -> new ArrayList<>()).add(entryTree(entry.fields()));
        }
        sorted.putAll(byType);
        sorted.put("lastmodified", lastModifiedText());
        sorted.put("mac", mac);
        if (macOnlyEncrypted) {
            sorted.put("mac_only_encrypted", Boolean.TRUE);
        }
        sorted.put(selectionRule.kind().metadataKey(), selectionRule.value());
        sorted.put("version", version);
        Mapping tree = new Mapping();
        sorted.forEach(tree::put);
        return tree;
    }

    private static Object entryTree(Object value) {
        if (value instanceof Map<?, ?> map) {
            Mapping mapping = new Mapping();
            map.forEach((k, v) -> mapping.put(String.valueOf(k), entryTree(v)));
            return mapping;
        }
        if (value instanceof List<?> list) {
            return new ArrayList<Object>(list.stream().map(Metadata::entryTree).toList());
        }
        return value;
    }

    /** Reads the {@code sops} branch of a file. */
    static Metadata fromTree(Object raw) {
        if (!(raw instanceof Mapping tree)) {
            throw new MalformedEnvFileException("The file's `sops` metadata is not a mapping. The file is not a sops"
                    + " encrypted file or its metadata was damaged; restore it from version control.");
        }
        String version = scalarText(tree.get("version"));
        if (version == null) {
            throw new MalformedEnvFileException(
                    "The file's `sops` metadata has no `version`. Restore the file from" + " version control.");
        }
        if (!version.equals("3") && !version.startsWith("3.")) {
            throw new UnsupportedEnvFileException("The file was written by sops format version " + version
                    + "; Jitploy reads version 3.x files. Re-encrypt it with a current sops (sops updatekeys/rotate).");
        }
        List<MasterKeyEntry> keys = new ArrayList<>();
        SelectionRule rule = null;
        boolean macOnlyEncrypted = false;
        for (Item item : tree.items) {
            if (item.isComment()) {
                continue;
            }
            String key = item.name();
            Object value = item.value();
            Optional<SelectionRule.Kind> kind = SelectionRule.Kind.fromMetadataKey(key);
            if (kind.isPresent()) {
                String ruleValue = scalarText(value);
                if (ruleValue == null || ruleValue.isEmpty()) {
                    continue;
                }
                if (rule != null) {
                    throw new MalformedEnvFileException(
                            "The file's metadata sets both " + rule.kind().metadataKey() + " and " + key
                                    + "; sops allows only one selection rule. Remove one of them.");
                }
                rule = SelectionRule.of(kind.get(), ruleValue);
            } else if (key.equals("key_groups")) {
                readKeyGroups(value, keys);
            } else if (key.equals("mac_only_encrypted")) {
                macOnlyEncrypted = Boolean.TRUE.equals(value) || "true".equals(value);
            } else if (value instanceof List<?> list) {
                readEntries(key, list, keys);
            }
            // Other keys (lastmodified, mac, version, shamir_threshold, unknown future fields) are read below or
            // ignored, like sops ignores what it does not know.
        }
        String lastModifiedText = scalarText(tree.get("lastmodified"));
        String mac = scalarText(tree.get("mac"));
        if (lastModifiedText == null || mac == null || mac.isEmpty()) {
            throw new MalformedEnvFileException("The file's `sops` metadata lacks `lastmodified` or `mac`. Restore the"
                    + " file from version control, or re-create it with `jitploy lock`.");
        }
        OffsetDateTime lastModified;
        try {
            lastModified = OffsetDateTime.parse(lastModifiedText);
        } catch (DateTimeParseException e) {
            throw new MalformedEnvFileException("The file's `sops.lastmodified` is not an RFC 3339 time. Restore the"
                    + " file from version control.");
        }
        if (keys.isEmpty()) {
            throw new MalformedEnvFileException("The file's `sops` metadata lists no recipients, so nobody can open"
                    + " it. Restore the file from version control.");
        }
        return new Metadata(
                keys, rule == null ? SelectionRule.defaultRule() : rule, lastModified, mac, version, macOnlyEncrypted);
    }

    private static void readKeyGroups(Object value, List<MasterKeyEntry> keys) {
        if (!(value instanceof List<?> groups)) {
            return;
        }
        if (groups.size() > 1) {
            throw new UnsupportedEnvFileException("The file uses " + groups.size() + " key groups (Shamir secret"
                    + " sharing), which Jitploy does not support. Use `sops` to re-encrypt it with a single key"
                    + " group (all recipients in one list), e.g. `sops updatekeys` after editing .sops.yaml.");
        }
        for (Object group : groups) {
            if (group instanceof Mapping mapping) {
                for (Item item : mapping.items) {
                    if (!item.isComment() && item.value() instanceof List<?> list) {
                        readEntries(item.name(), list, keys);
                    }
                }
            }
        }
    }

    private static void readEntries(String type, List<?> list, List<MasterKeyEntry> keys) {
        for (Object element : list) {
            if (!(element instanceof Mapping mapping)) {
                throw new MalformedEnvFileException("An entry of `sops." + type + "` is not a mapping. Restore the"
                        + " file from version control.");
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Item item : mapping.items) {
                if (!item.isComment()) {
                    fields.put(item.name(), plain(item.value()));
                }
            }
            keys.add(MasterKeyEntry.of(type, fields));
        }
    }

    private static Object plain(Object value) {
        if (value instanceof Mapping mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Item item : mapping.items) {
                if (!item.isComment()) {
                    map.put(item.name(), plain(item.value()));
                }
            }
            return map;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Metadata::plain).toList();
        }
        if (value instanceof TimeValue t) {
            return t.text();
        }
        return value;
    }

    private static String scalarText(Object value) {
        if (value == null || value instanceof Mapping || value instanceof List) {
            return null;
        }
        if (value instanceof Double d) {
            return ValueEncoding.formatFloat(d);
        }
        if (value instanceof TimeValue t) {
            return t.text();
        }
        return String.valueOf(value);
    }

    static OffsetDateTime now(java.time.Clock clock) {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "Metadata[recipients=" + recipientIds() + ", rule=" + selectionRule + ", lastmodified="
                + lastModifiedText() + ", version=" + version + ", macOnlyEncrypted=" + macOnlyEncrypted + "]";
    }
}
