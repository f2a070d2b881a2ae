package io.jitploy.store;

import java.util.Objects;
import java.util.Optional;

/**
 * A job or folder of the host renamed or moved, by full name ({@code team/shop/main}), and what it means for the
 * stores, which a host keeps one per top-level item: whether the store follows, and how the build ids the store
 * recorded ({@code team/shop/main#3}) change. The host tells it only whether the old top-level item still exists.
 *
 * @param oldFullName the item's full name before
 * @param newFullName its full name now
 */
public record ItemMove(String oldFullName, String newFullName) {
    /** What a rename or move means for the stores. */
    public enum Kind {
        /** The top-level item itself was renamed (or moved into a folder): its store moves to the new name. */
        TOP_LEVEL_RENAMED,
        /** Renamed or moved inside one top-level item: same store, its recorded build ids follow. */
        WITHIN_STORE,
        /** Inside a top-level item that was renamed: nothing more to do, the top-level rename covered it. */
        INSIDE_RENAMED_TOP_LEVEL,
        /** Moved to another top-level item: what it deployed stays in the old store's history. */
        TO_ANOTHER_STORE
    }

    public ItemMove {
        requireFullName(oldFullName, "oldFullName");
        requireFullName(newFullName, "newFullName");
    }

    private static void requireFullName(String name, String what) {
        Objects.requireNonNull(name, what);
        if (name.isEmpty() || name.startsWith("/") || name.endsWith("/")) {
            throw new IllegalArgumentException(what + " '" + name + "' is not an item's full name");
        }
    }

    /** The top-level item (store) the item was in. */
    public String oldStore() {
        return topLevel(oldFullName);
    }

    /** The top-level item (store) the item is in now. */
    public String newStore() {
        return topLevel(newFullName);
    }

    /**
     * What this move means.
     *
     * @param oldTopLevelStillExists whether the host still has an item named {@link #oldStore()} at the top
     */
    public Kind kind(boolean oldTopLevelStillExists) {
        if (oldStore().equals(newStore())) {
            return Kind.WITHIN_STORE;
        }
        if (oldFullName.equals(oldStore())) {
            return Kind.TOP_LEVEL_RENAMED;
        }
        return oldTopLevelStillExists ? Kind.TO_ANOTHER_STORE : Kind.INSIDE_RENAMED_TOP_LEVEL;
    }

    /**
     * A recorded build id ({@code <full name>#<number>}) after the move: renamed if the build belongs to the moved
     * item or to an item inside it, else empty ({@code team/shop} moving leaves {@code team/shopping#1} alone).
     */
    public Optional<String> renamedBuildId(String buildId) {
        if (buildId.startsWith(oldFullName + "#") || buildId.startsWith(oldFullName + "/")) {
            return Optional.of(newFullName + buildId.substring(oldFullName.length()));
        }
        return Optional.empty();
    }

    private static String topLevel(String fullName) {
        int slash = fullName.indexOf('/');
        return slash < 0 ? fullName : fullName.substring(0, slash);
    }
}
