package io.jitploy.envfile;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encrypts and decrypts a document tree the way sops does (its {@code Tree.Encrypt}/{@code Tree.Decrypt}): a
 * depth-first walk in document order that encrypts each selected leaf with its key path as associated data and
 * feeds the plaintext of every leaf (or only of encrypted ones with {@code mac_only_encrypted}) into a SHA-512 MAC.
 */
final class TreeCipher {
    /** SHA-256("sops"), fed first into the MAC when {@code mac_only_encrypted} is set, as sops does. */
    private static final byte[] MAC_ONLY_ENCRYPTED_INIT =
            HexFormat.of().parseHex("8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69");

    private final SelectionRule rule;
    private final boolean macOnlyEncrypted;
    private final byte[] dataKey;
    private final MessageDigest mac;

    /**
     * Ciphertexts of unchanged values, keyed by associated data, type and plaintext: re-encrypting keeps them
     * byte-identical (quiet diffs), like sops' IV stash.
     */
    private final Map<String, String> stash;

    private boolean binary;
    private int decrypted;
    private TamperedFileException firstFailure;
    private int failures;

    TreeCipher(SelectionRule rule, boolean macOnlyEncrypted, byte[] dataKey, Map<String, String> stash) {
        this.rule = rule;
        this.macOnlyEncrypted = macOnlyEncrypted;
        this.dataKey = dataKey;
        this.stash = stash;
        try {
            this.mac = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        if (macOnlyEncrypted) {
            mac.update(MAC_ONLY_ENCRYPTED_INIT);
        }
    }

    /** Binary files: {@code str} values decrypt to raw bytes rather than text. */
    TreeCipher binary(boolean binary) {
        this.binary = binary;
        return this;
    }

    /**
     * Result of a walk: the new documents and the MAC (uppercase hex of SHA-512). The MAC is an unkeyed hash of the
     * plaintext values (sops stores it encrypted for that reason), so {@code toString()} leaves it out.
     */
    record Result(List<Mapping> documents, String mac) {
        @Override
        public String toString() {
            return "Result[" + documents + ", mac=...]";
        }
    }

    Result encrypt(List<Mapping> plain) {
        List<Mapping> out = new ArrayList<>();
        for (Mapping document : plain) {
            out.add(walkMapping(document, new ArrayList<>(), "", new ArrayList<>(), true));
        }
        return new Result(out, macHex());
    }

    Result decrypt(List<Mapping> encrypted) {
        List<Mapping> out = new ArrayList<>();
        for (Mapping document : encrypted) {
            out.add(walkMapping(document, new ArrayList<>(), "", new ArrayList<>(), false));
        }
        return new Result(out, macHex());
    }

    int decryptedCount() {
        return decrypted;
    }

    int failureCount() {
        return failures;
    }

    TamperedFileException firstFailure() {
        return firstFailure;
    }

    private String macHex() {
        return HexFormat.of().formatHex(mac.digest()).toUpperCase(Locale.ROOT);
    }

    private Mapping walkMapping(
            Mapping in, List<String> path, String where, List<List<String>> comments, boolean encrypting) {
        List<List<String>> stack = new ArrayList<>(comments);
        stack.add(new ArrayList<>());
        List<String> level = stack.get(stack.size() - 1);
        Mapping out = new Mapping();
        for (Item item : in.items) {
            if (item.key() instanceof Comment comment) {
                level.add(comment.text());
                Object result = leaf(comment, path, where, stack, encrypting);
                out.items.add(new Item(result, null));
                continue;
            }
            List<String> childPath = new ArrayList<>(path);
            childPath.add(item.name());
            Object value = walkValue(item.value(), childPath, KeyPath.append(where, item.name()), stack, encrypting);
            out.items.add(new Item(item.key(), value));
            level.clear();
        }
        return out;
    }

    private List<Object> walkList(
            List<?> in, List<String> path, String where, List<List<String>> comments, boolean encrypting) {
        List<List<String>> stack = new ArrayList<>(comments);
        stack.add(new ArrayList<>());
        List<String> level = stack.get(stack.size() - 1);
        List<Object> out = new ArrayList<>(in.size());
        int index = 0;
        for (Object element : in) {
            if (element instanceof Comment comment) {
                level.add(comment.text());
                out.add(leaf(comment, path, where, stack, encrypting));
                continue;
            }
            out.add(walkValue(element, path, KeyPath.append(where, Integer.toString(index++)), stack, encrypting));
            level.clear();
        }
        return out;
    }

    private Object walkValue(
            Object value, List<String> path, String where, List<List<String>> comments, boolean encrypting) {
        if (value == null) {
            return null;
        } else if (value instanceof Mapping mapping) {
            return walkMapping(mapping, path, where, comments, encrypting);
        } else if (value instanceof List<?> list) {
            return walkList(list, path, where, comments, encrypting);
        }
        return leaf(value, path, where, comments, encrypting);
    }

    private Object leaf(
            Object value, List<String> path, String where, List<List<String>> comments, boolean encrypting) {
        boolean isComment = value instanceof Comment;
        boolean encrypted = rule.encrypts(path, comments, isComment);
        String aad = String.join(":", path) + ":";
        String location = where.isEmpty() ? "(top level)" : where;
        if (encrypting) {
            if (!isComment && (!macOnlyEncrypted || encrypted)) {
                mac.update(ValueEncoding.toBytes(value));
            }
            if (!encrypted || isEmptyString(value)) {
                return value;
            }
            String enc = encryptCached(value, aad);
            return isComment ? new Comment(enc) : enc;
        }
        Object plain = value;
        if (encrypted) {
            if (value instanceof Comment comment) {
                if (ValueCipher.looksEncrypted(comment.text())) {
                    plain = decryptLeaf(comment.text(), aad, "a comment in " + location);
                }
                // A clear comment in an encrypted section was written by an old sops: keep it, as sops does.
            } else if (!isEmptyString(value)) {
                if (!ValueCipher.looksEncrypted(value)) {
                    throw new TamperedFileException("The value at " + location + " should be encrypted but is in"
                            + " clear text: it was added or edited by hand. Set it with `jitploy set` or `jitploy"
                            + " edit` instead, or restore the file from version control.");
                }
                plain = decryptLeaf((String) value, aad, location);
            }
        }
        if (plain != null && !(plain instanceof Comment) && (!macOnlyEncrypted || encrypted)) {
            mac.update(ValueEncoding.toBytes(plain));
        }
        return plain;
    }

    private Object decryptLeaf(String enc, String aad, String location) {
        ValueCipher.Decrypted result;
        try {
            result = ValueCipher.decrypt(enc, dataKey, aad, location);
        } catch (TamperedFileException e) {
            failures++;
            if (firstFailure == null) {
                firstFailure = e;
            }
            return enc.startsWith("#") ? new Comment(enc) : null;
        }
        decrypted++;
        Object value;
        if (binary && result.type().equals("str")) {
            value = result.plaintext();
        } else {
            try {
                value = ValueEncoding.fromBytes(result.type(), result.plaintext(), location);
            } finally {
                // The decoded value is a copy (or a clone for type bytes): do not leave the plaintext behind.
                java.util.Arrays.fill(result.plaintext(), (byte) 0);
            }
        }
        if (stash != null) {
            stash.put(stashKey(aad, value), enc);
        }
        return value;
    }

    private String encryptCached(Object value, String aad) {
        String key = stashKey(aad, value);
        if (stash != null) {
            String previous = stash.get(key);
            if (previous != null) {
                return previous;
            }
        }
        String enc = ValueCipher.encrypt(ValueEncoding.toBytes(value), ValueEncoding.typeOf(value), dataKey, aad);
        if (stash != null) {
            stash.put(key, enc);
        }
        return enc;
    }

    private static String stashKey(Object aadPath, Object value) {
        String text =
                value instanceof byte[] bytes ? Base64.getEncoder().encodeToString(bytes) : ValueEncoding.toText(value);
        return aadPath + "\u0000" + ValueEncoding.typeOf(value) + "\u0000" + text;
    }

    private static boolean isEmptyString(Object value) {
        return (value instanceof String s && s.isEmpty()) || (value instanceof byte[] b && b.length == 0);
    }

    static Map<String, String> newStash() {
        return new HashMap<>();
    }

    /** Encrypts the MAC with {@code lastmodified} as associated data. */
    static String encryptMac(String macHex, byte[] dataKey, String lastModified) {
        return ValueCipher.encrypt(macHex.getBytes(StandardCharsets.UTF_8), "str", dataKey, lastModified);
    }
}
