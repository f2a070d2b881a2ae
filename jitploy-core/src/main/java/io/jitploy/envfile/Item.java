package io.jitploy.envfile;

/**
 * One entry of a {@link Mapping}: a key ({@code String}) with its value, or a comment line ({@code key} is a
 * {@link Comment}, {@code value} null). Values are {@code String}, {@code Long}, {@code Double}, {@code Boolean},
 * {@code null}, {@link TimeValue}, {@code byte[]} (binary files), {@link Mapping} or {@code List<Object>} (whose
 * elements may also be {@link Comment}s).
 */
record Item(Object key, Object value) {
    boolean isComment() {
        return key instanceof Comment;
    }

    String name() {
        return (String) key;
    }

    @Override
    public String toString() {
        return isComment() ? "Item[comment]" : "Item[" + key + "]";
    }
}
