package io.jitploy.envfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Key paths as shown and accepted by the API: components joined with {@code .}, list elements by index
 * ({@code servers.0.host}); a {@code .} or {@code \} inside a key is escaped with a backslash
 * ({@code spring\.datasource\.url}).
 */
final class KeyPath {
    private KeyPath() {}

    static String escape(String component) {
        return component.replace("\\", "\\\\").replace(".", "\\.");
    }

    static String append(String path, String component) {
        String escaped = escape(component);
        return path.isEmpty() ? escaped : path + "." + escaped;
    }

    static List<String> parse(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("A key path must not be empty.");
        }
        List<String> components = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length()) {
                current.append(path.charAt(++i));
            } else if (c == '.') {
                components.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        components.add(current.toString());
        return components;
    }

    /** Leaf paths of the documents (comments and null values excluded), in document order, without duplicates. */
    static List<String> leaves(List<Mapping> documents) {
        return List.copyOf(leafValues(documents).keySet());
    }

    /** Leaf paths with their values, in document order; for a path repeated across documents, the first value. */
    static java.util.LinkedHashMap<String, Object> leafValues(List<Mapping> documents) {
        java.util.LinkedHashMap<String, Object> out = new java.util.LinkedHashMap<>();
        for (Mapping document : documents) {
            collect(document, "", out);
        }
        return out;
    }

    private static void collect(Object value, String path, java.util.Map<String, Object> out) {
        if (value instanceof Mapping mapping) {
            for (Item item : mapping.items) {
                if (!item.isComment()) {
                    collect(item.value(), append(path, item.name()), out);
                }
            }
        } else if (value instanceof List<?> list) {
            int index = 0;
            for (Object element : list) {
                if (!(element instanceof Comment)) {
                    collect(element, append(path, Integer.toString(index++)), out);
                }
            }
        } else if (value != null && !(value instanceof Comment)) {
            out.putIfAbsent(path, value);
        }
    }

    /** The leaf value at a path in the first document holding it, or null. */
    static Object find(List<Mapping> documents, List<String> components) {
        for (Mapping document : documents) {
            Object current = document;
            for (String component : components) {
                current = child(current, component);
                if (current == null) {
                    break;
                }
            }
            if (current != null) {
                return current;
            }
        }
        return null;
    }

    static Object child(Object node, String component) {
        if (node instanceof Mapping mapping) {
            return mapping.get(component);
        }
        if (node instanceof List<?> list) {
            int index = index(component);
            List<?> values = list.stream().filter(e -> !(e instanceof Comment)).toList();
            return index >= 0 && index < values.size() ? values.get(index) : null;
        }
        return null;
    }

    static int index(String component) {
        try {
            return Integer.parseInt(component);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
