package io.jitploy.envfile;

import java.util.List;

/** Set and unset of a value in a plaintext tree by key path. */
final class TreeEdit {
    private TreeEdit() {}

    static void set(List<Mapping> documents, List<String> path, Object value, String display) {
        Mapping document = documents.stream()
                .filter(d -> d.containsKey(path.get(0)))
                .findFirst()
                .orElse(documents.get(0));
        Object node = document;
        for (int i = 0; i < path.size(); i++) {
            String component = path.get(i);
            boolean last = i == path.size() - 1;
            if (node instanceof Mapping mapping) {
                if (last) {
                    mapping.put(component, value);
                    return;
                }
                Object child = mapping.get(component);
                if (child == null) {
                    child = new Mapping();
                    mapping.put(component, child);
                }
                node = child;
            } else if (node instanceof List<?> list) {
                @SuppressWarnings("unchecked")
                List<Object> elements = (List<Object>) list;
                int position = elementPosition(elements, KeyPath.index(component));
                if (position < 0) {
                    throw new EnvFileException("Cannot set " + display + ": '" + component + "' is not an index of the"
                            + " list at that position. Use an existing index, or edit the file with `jitploy edit`.");
                }
                if (last) {
                    elements.set(position, value);
                    return;
                }
                node = elements.get(position);
            } else {
                throw new EnvFileException("Cannot set " + display + ": the parent of '" + component + "' is a single"
                        + " value, not a mapping. Unset the parent first or choose another key.");
            }
        }
    }

    static void unset(List<Mapping> documents, List<String> path, String display) {
        for (Mapping document : documents) {
            Object node = document;
            for (int i = 0; i < path.size() - 1 && node != null; i++) {
                node = KeyPath.child(node, path.get(i));
            }
            String last = path.get(path.size() - 1);
            if (node instanceof Mapping mapping && mapping.remove(last)) {
                return;
            }
            if (node instanceof List<?> list) {
                int position = elementPosition(list, KeyPath.index(last));
                if (position >= 0) {
                    list.remove(position);
                    return;
                }
            }
        }
        throw new EnvFileException(
                "There is no key " + display + " to unset. List the keys with `jitploy check` or" + " `jitploy diff`.");
    }

    /** Position in the raw list (which may hold comments) of the index-th value. */
    private static int elementPosition(List<?> list, int index) {
        if (index < 0) {
            return -1;
        }
        int seen = 0;
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Comment)) {
                if (seen++ == index) {
                    return i;
                }
            }
        }
        return -1;
    }
}
