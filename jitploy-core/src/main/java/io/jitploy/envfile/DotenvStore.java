package io.jitploy.envfile;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dotenv as sops reads it: one {@code KEY=value} per line, split at the first {@code =}, no trimming and no quote
 * handling, {@code \n} in a value stands for a newline, {@code #} lines are comments, empty lines are dropped.
 * The metadata is flattened into {@code sops_...} lines ({@code __map_<key>}, {@code __list_<i>}), sorted.
 */
final class DotenvStore implements Store {
    private static final String PREFIX = "sops_";
    private static final Pattern TOKEN = Pattern.compile("__(map|list)_");

    @Override
    public Parsed parseEncrypted(byte[] content) {
        if (YamlStore.decodeUtf8(content).contains("\r\n")) {
            // sops splits dotenv files at \n only, so CR would end up inside every value and the metadata.
            throw new MalformedEnvFileException("The encrypted dotenv file has Windows (CRLF) line endings, which"
                    + " break its values and metadata. Convert it to LF, e.g. add `*.env text eol=lf` to"
                    + " .gitattributes and check it out again.");
        }
        Mapping data = new Mapping();
        Map<String, String> flatMetadata = new TreeMap<>();
        for (Item item : parse(content, false).items) {
            if (!item.isComment() && item.name().startsWith(PREFIX)) {
                flatMetadata.put(item.name().substring(PREFIX.length()), (String) item.value());
            } else {
                data.items.add(item);
            }
        }
        if (flatMetadata.isEmpty()) {
            throw new MalformedEnvFileException("The file has no sops_* metadata lines, so it is not an encrypted"
                    + " env file. Encrypt it first (`jitploy lock` or `jitploy encrypt`).");
        }
        return new Parsed(new ArrayList<>(List.of(data)), unflatten(flatMetadata));
    }

    @Override
    public List<Mapping> parsePlain(byte[] content) {
        return List.of(parse(content, true));
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> documents, Mapping metadata) {
        StringBuilder out = new StringBuilder(emitLines(single(documents)));
        Map<String, String> flat = new TreeMap<>();
        for (Item item : metadata.items) {
            flatten(item.value(), item.name(), flat);
        }
        flat.forEach((key, value) ->
                out.append(PREFIX).append(key).append('=').append(escape(value)).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] emitPlain(List<Mapping> documents) {
        return emitLines(single(documents)).getBytes(StandardCharsets.UTF_8);
    }

    private static Mapping single(List<Mapping> documents) {
        if (documents.size() > 1) {
            throw new UnsupportedEnvFileException(
                    "A dotenv file holds one document. Store multi-document content" + " as YAML.");
        }
        return documents.isEmpty() ? new Mapping() : documents.get(0);
    }

    private static Mapping parse(byte[] content, boolean plain) {
        String text = YamlStore.decodeUtf8(content);
        Mapping mapping = new Mapping();
        Set<String> seen = new HashSet<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            if (line.charAt(0) == '#') {
                mapping.items.add(new Item(new Comment(line.substring(1)), null));
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new MalformedEnvFileException("Line " + (i + 1) + " of the dotenv file has no '='. Every"
                        + " line must be KEY=value, a #comment, or empty.");
            }
            String key = line.substring(0, equals);
            if (key.isEmpty()) {
                throw new MalformedEnvFileException("Line " + (i + 1) + " of the dotenv file has an empty key.");
            }
            if (plain && key.startsWith(PREFIX)) {
                throw new MalformedEnvFileException("Line " + (i + 1) + " defines '" + key + "': keys starting with"
                        + " 'sops_' are reserved for the encryption metadata in dotenv files. Rename it.");
            }
            if (!seen.add(key)) {
                throw new MalformedEnvFileException("Duplicate key '" + key + "' at line " + (i + 1)
                        + ". Each key may appear only once; remove or rename one.");
            }
            mapping.items.add(new Item(key, line.substring(equals + 1).replace("\\n", "\n")));
        }
        return mapping;
    }

    private static String emitLines(Mapping mapping) {
        StringBuilder out = new StringBuilder();
        for (Item item : mapping.items) {
            if (item.key() instanceof Comment comment) {
                out.append('#').append(comment.text()).append('\n');
                continue;
            }
            Object value = item.value();
            if (value instanceof Mapping || value instanceof List) {
                throw new UnsupportedEnvFileException("The key '" + item.name() + "' holds a nested structure,"
                        + " which dotenv cannot represent. Use YAML or JSON for nested configuration.");
            }
            String text = value == null ? "" : ValueEncoding.toText(value);
            if (value instanceof Boolean b) {
                text = b.toString();
            }
            out.append(item.name()).append('=').append(escape(text)).append('\n');
        }
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\n", "\\n");
    }

    private static void flatten(Object value, String prefix, Map<String, String> out) {
        if (value instanceof Mapping mapping) {
            for (Item item : mapping.items) {
                if (!item.isComment()) {
                    flatten(item.value(), prefix + "__map_" + item.name(), out);
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(list.get(i), prefix + "__list_" + i, out);
            }
        } else if (value != null) {
            out.put(prefix, value instanceof Boolean b ? b.toString() : ValueEncoding.toText(value));
        }
    }

    /** Rebuilds the metadata tree from {@code key__list_0__map_enc}-style keys (without the sops_ prefix). */
    static Mapping unflatten(Map<String, String> flat) {
        Mapping root = new Mapping();
        for (Map.Entry<String, String> entry : flat.entrySet()) {
            String key = entry.getKey();
            Matcher m = TOKEN.matcher(key);
            List<String[]> steps = new ArrayList<>();
            int start = 0;
            String kind = "map";
            while (m.find()) {
                steps.add(new String[] {kind, key.substring(start, m.start())});
                kind = m.group(1);
                start = m.end();
            }
            steps.add(new String[] {kind, key.substring(start)});
            Object container = root;
            for (int i = 0; i < steps.size(); i++) {
                boolean last = i == steps.size() - 1;
                String[] step = steps.get(i);
                Object next = last
                        ? entry.getValue()
                        : ("list".equals(steps.get(i + 1)[0]) ? new ArrayList<>() : new Mapping());
                container = place(container, step, next, key);
            }
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static Object place(Object container, String[] step, Object fresh, String key) {
        if ("map".equals(step[0])) {
            if (!(container instanceof Mapping mapping)) {
                throw badMetadata(key);
            }
            Object existing = mapping.get(step[1]);
            if (existing != null && !(fresh instanceof String)) {
                return existing;
            }
            mapping.put(step[1], fresh);
            return fresh;
        }
        if (!(container instanceof List<?> raw)) {
            throw badMetadata(key);
        }
        List<Object> list = (List<Object>) raw;
        int index = KeyPath.index(step[1]);
        if (index < 0 || index > 10_000) {
            throw badMetadata(key);
        }
        while (list.size() <= index) {
            list.add(null);
        }
        if (list.get(index) != null && !(fresh instanceof String)) {
            return list.get(index);
        }
        list.set(index, fresh);
        return fresh;
    }

    private static MalformedEnvFileException badMetadata(String key) {
        return new MalformedEnvFileException("The metadata line sops_" + key + " does not fit the flattened sops"
                + " metadata structure. Restore the file from version control.");
    }
}
