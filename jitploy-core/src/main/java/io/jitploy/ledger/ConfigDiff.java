package io.jitploy.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Which configuration keys differ between two releases. Only key names: the fingerprints tell whether a value
 * changed, never what it is.
 *
 * @param added keys present only after, sorted
 * @param removed keys present only before, sorted
 * @param changed keys present in both with a different fingerprint, sorted
 */
public record ConfigDiff(List<String> added, List<String> removed, List<String> changed) {
    public ConfigDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /**
     * Compares two key → fingerprint maps, such as {@link Release#configFingerprints()} of the live release and of
     * a candidate.
     */
    public static ConfigDiff between(SortedMap<String, String> before, SortedMap<String, String> after) {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, String> entry : after.entrySet()) {
            String old = before.get(entry.getKey());
            if (old == null && !before.containsKey(entry.getKey())) {
                added.add(entry.getKey());
            } else if (!java.util.Objects.equals(old, entry.getValue())) {
                changed.add(entry.getKey());
            }
        }
        for (String key : before.keySet()) {
            if (!after.containsKey(key)) {
                removed.add(key);
            }
        }
        // Iterating a SortedMap yields keys in its comparator's order; sort again so callers passing a map with a
        // custom comparator still get plain lexical order.
        added.sort(null);
        removed.sort(null);
        changed.sort(null);
        return new ConfigDiff(added, removed, changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }

    /** For logs and messages: "none", or e.g. "added API_URL; changed DB_PASSWORD, TOKEN" (key names only). */
    public String describe() {
        if (isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        part(parts, "added", added);
        part(parts, "removed", removed);
        part(parts, "changed", changed);
        return String.join("; ", parts);
    }

    private static void part(List<String> parts, String what, List<String> keys) {
        if (!keys.isEmpty()) {
            parts.add(what + " " + String.join(", ", keys));
        }
    }
}
