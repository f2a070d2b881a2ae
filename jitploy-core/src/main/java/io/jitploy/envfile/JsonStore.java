package io.jitploy.envfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON with key order kept, as sops' JSON store: integers that fit 64 bits are ints, other numbers floats; output
 * indented with tabs and {@code sops} last. JSON has no comments.
 */
final class JsonStore implements Store {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @Override
    public Parsed parseEncrypted(byte[] content) {
        return Store.splitMetadata(new ArrayList<>(List.of(parse(content))));
    }

    @Override
    public List<Mapping> parsePlain(byte[] content) {
        List<Mapping> documents = List.of(parse(content));
        Store.rejectReservedKey(documents);
        return documents;
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> documents, Mapping metadata) {
        Mapping copy = new Mapping(single(documents).items);
        copy.items.add(new Item("sops", metadata));
        return emit(copy);
    }

    @Override
    public byte[] emitPlain(List<Mapping> documents) {
        return emit(single(documents));
    }

    private static Mapping single(List<Mapping> documents) {
        if (documents.size() > 1) {
            throw new UnsupportedEnvFileException("A JSON file holds one document, but this tree has "
                    + documents.size() + ". Store multi-document content as YAML.");
        }
        return documents.isEmpty() ? new Mapping() : documents.get(0);
    }

    static Mapping parse(byte[] content) {
        YamlStore.decodeUtf8(content);
        try (JsonParser parser = FACTORY.createParser(content)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new MalformedEnvFileException("The JSON document is "
                        + (first == null ? "empty" : "not an object") + "; an env file must be an object of keys to"
                        + " values.");
            }
            Mapping root = object(parser);
            if (parser.nextToken() != null) {
                throw new MalformedEnvFileException("The JSON file has content after its top-level object at line "
                        + parser.currentLocation().getLineNr() + ". Remove it.");
            }
            return root;
        } catch (JsonParseException e) {
            String problem = e.getOriginalMessage();
            if (problem != null && problem.startsWith("Duplicate field")) {
                throw new MalformedEnvFileException(
                        problem + " at line " + e.getLocation().getLineNr()
                                + ". Each key may appear only once in an object; remove or rename one.");
            }
            throw new MalformedEnvFileException(
                    "Invalid JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ". Fix the syntax and try again.");
        } catch (StreamConstraintsException e) {
            throw new MalformedEnvFileException(
                    "The JSON file exceeds parser limits (" + e.getOriginalMessage() + "). Simplify it.");
        } catch (IOException e) {
            throw new MalformedEnvFileException("Could not read the JSON document. Check that it is valid JSON.", e);
        }
    }

    private static Mapping object(JsonParser parser) throws IOException {
        Mapping mapping = new Mapping();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            mapping.items.add(new Item(key, value(parser)));
        }
        return mapping;
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT:
                return object(parser);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(parser));
                }
                return list;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return parser.getDoubleValue();
                }
                return parser.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new MalformedEnvFileException("Unexpected JSON token " + token + " at line "
                        + parser.currentLocation().getLineNr() + ".");
        }
    }

    static byte[] emit(Mapping root) {
        StringBuilder out = new StringBuilder();
        write(root, 0, out);
        out.append('\n');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object value, int depth, StringBuilder out) {
        if (value instanceof Mapping mapping) {
            List<Item> items =
                    mapping.items.stream().filter(i -> !i.isComment()).toList();
            if (items.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            for (int i = 0; i < items.size(); i++) {
                out.append("\t".repeat(depth + 1));
                string(items.get(i).name(), out);
                out.append(": ");
                write(items.get(i).value(), depth + 1, out);
                out.append(i + 1 < items.size() ? ",\n" : "\n");
            }
            out.append("\t".repeat(depth)).append('}');
        } else if (value instanceof List<?> list) {
            List<?> elements =
                    list.stream().filter(e -> !(e instanceof Comment)).toList();
            if (elements.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < elements.size(); i++) {
                out.append("\t".repeat(depth + 1));
                write(elements.get(i), depth + 1, out);
                out.append(i + 1 < elements.size() ? ",\n" : "\n");
            }
            out.append("\t".repeat(depth)).append(']');
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new UnsupportedEnvFileException(
                        "JSON cannot represent NaN or infinite numbers; store the value" + " as a string.");
            }
            out.append(ValueEncoding.floatLiteral(d, false));
        } else if (value instanceof byte[] bytes) {
            string(new String(bytes, StandardCharsets.UTF_8), out);
        } else {
            string(ValueEncoding.toText(value), out);
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
