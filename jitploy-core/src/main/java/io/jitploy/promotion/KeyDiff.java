package io.jitploy.promotion;

import java.util.List;
import java.util.Objects;
import java.util.SortedMap;

/**
 * Config key names that differ between two releases: added, removed, or with a changed value fingerprint.
 * Carries names only, never values.
 */
public record KeyDiff(List<String> added, List<String> removed, List<String> changed) {
    public KeyDiff {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        changed = List.copyOf(changed);
    }

    /** Compares two key-to-fingerprint maps; both are sorted, so the lists come out sorted. */
    public static KeyDiff between(SortedMap<String, String> before, SortedMap<String, String> after) {
        List<String> added =
                after.keySet().stream().filter(k -> !before.containsKey(k)).toList();
        List<String> removed =
                before.keySet().stream().filter(k -> !after.containsKey(k)).toList();
        List<String> changed = after.keySet().stream()
                .filter(k -> before.containsKey(k) && !Objects.equals(before.get(k), after.get(k)))
                .toList();
        return new KeyDiff(added, removed, changed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
    }
}
