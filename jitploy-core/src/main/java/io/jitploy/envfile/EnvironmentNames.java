package io.jitploy.envfile;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The flattening of a tree into environment variables; the rule is documented on DecryptedEnvFile. */
final class EnvironmentNames {
    private EnvironmentNames() {}

    static Map<String, String> flatten(List<Mapping> documents) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Mapping document : documents) {
            flatten(document, "", out);
        }
        return out;
    }

    private static void flatten(Object value, String name, Map<String, String> out) {
        if (value instanceof Mapping mapping) {
            for (Item item : mapping.items) {
                if (!item.isComment()) {
                    flatten(item.value(), name.isEmpty() ? item.name() : name + "_" + item.name(), out);
                }
            }
        } else if (value instanceof List<?> list) {
            int index = 0;
            for (Object element : list) {
                if (!(element instanceof Comment)) {
                    flatten(element, name + "_" + index++, out);
                }
            }
        } else if (out.putIfAbsent(name, text(value)) != null) {
            throw new MalformedEnvFileException("Two keys of the file become the environment variable '" + name
                    + "' (nested keys are joined with '_'). Rename one of them.");
        }
    }

    static String text(Object value) {
        if (value == null) {
            return "";
        } else if (value instanceof Boolean b) {
            return b.toString();
        }
        return ValueEncoding.toText(value);
    }
}
