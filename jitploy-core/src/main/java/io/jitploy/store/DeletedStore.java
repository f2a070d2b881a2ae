package io.jitploy.store;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What becomes of the store of a deleted top-level item: it is kept, never deleted, but set aside under a name that
 * no item can take ({@code team@deleted-20260412T101530Z}), so that a new item created with the old name starts
 * with a store of its own instead of the deleted item's releases, queue and locks. An administrator who wants the
 * history back moves the directory to the item's name while the host is stopped.
 */
public final class DeletedStore {
    /** Never in a Jenkins item name ({@code Jenkins.checkGoodName} refuses it), so never the name of a live store. */
    public static final String MARK = "@deleted-";

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private DeletedStore() {}

    /**
     * The name the store of the deleted top-level item {@code store} is kept under: the name, {@link #MARK} and the
     * time of the deletion (UTC, no characters that file systems refuse), with {@code -2}, {@code -3}... appended
     * while {@code taken} says a name is in use (deleted twice within a second).
     */
    public static String keptName(String store, Instant deletedAt, Predicate<String> taken) {
        Objects.requireNonNull(deletedAt, "deletedAt");
        Objects.requireNonNull(taken, "taken");
        if (store == null || store.isEmpty() || store.contains("/") || store.contains("\\")) {
            throw new IllegalArgumentException("'" + store + "' is not the name of a top-level item");
        }
        String base = store + MARK + STAMP.format(deletedAt);
        String name = base;
        for (int n = 2; taken.test(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }
}
