package io.jitploy.envfile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain Java view of a tree (comments dropped), for comparing documents in tests. */
final class TreeView {
    private TreeView() {}

    static Object of(Object value) {
        if (value instanceof Mapping mapping) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Item item : mapping.items) {
                if (!item.isComment()) {
                    map.put(item.name(), of(item.value()));
                }
            }
            return map;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object element : list) {
                if (!(element instanceof Comment)) {
                    out.add(of(element));
                }
            }
            return out;
        }
        return value;
    }

    static List<Object> of(List<Mapping> documents) {
        List<Object> out = new ArrayList<>();
        documents.forEach(d -> out.add(of(d)));
        return out;
    }
}
