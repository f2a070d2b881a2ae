package io.jitploy.envfile;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * YAML through snakeyaml-engine with the YAML 1.2 core schema, like sops' yaml.v3: {@code yes}/{@code no} stay
 * strings, document order is kept, aliases are expanded (with limits against alias bombs), comments before a key
 * or list item become {@link Comment}s, multi-document files are supported.
 */
final class YamlStore implements Store {
    /** Aliases to collections allowed per document, as snakeyaml-engine counts them. */
    static final int MAX_ALIASES = 50;

    /** Nodes produced after alias expansion; a tiny file with nested aliases can otherwise expand exponentially. */
    static final int MAX_EXPANDED_NODES = 200_000;

    /** The core schema with go-yaml v3's reading of numbers (see {@link GoYamlNumbers}). */
    private static final CoreSchema GO_YAML_SCHEMA = new CoreSchema() {
        @Override
        public org.snakeyaml.engine.v2.resolver.ScalarResolver getScalarResolver() {
            return GoYamlNumbers.RESOLVER;
        }
    };

    @Override
    public Parsed parseEncrypted(byte[] content) {
        return Store.splitMetadata(parse(content));
    }

    @Override
    public List<Mapping> parsePlain(byte[] content) {
        List<Mapping> documents = parse(content);
        Store.rejectReservedKey(documents);
        return documents;
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> documents, Mapping metadata) {
        List<Mapping> withMetadata = new ArrayList<>();
        for (Mapping document : documents.isEmpty() ? List.of(new Mapping()) : documents) {
            Mapping copy = new Mapping(document.items);
            copy.items.add(new Item("sops", metadata));
            withMetadata.add(copy);
        }
        return new YamlEmitter().emit(withMetadata).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] emitPlain(List<Mapping> documents) {
        return new YamlEmitter().emit(documents).getBytes(StandardCharsets.UTF_8);
    }

    private List<Mapping> parse(byte[] content) {
        String text = decodeUtf8(content);
        LoadSettings settings = LoadSettings.builder()
                .setSchema(GO_YAML_SCHEMA)
                .setParseComments(true)
                .setAllowDuplicateKeys(false)
                .setAllowRecursiveKeys(false)
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(EncryptedEnvFile.MAX_FILE_BYTES)
                .build();
        List<Mapping> documents = new ArrayList<>();
        Converter converter = new Converter();
        try {
            for (Node node : new Compose(settings).composeAllFromString(text)) {
                if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
                    documents.add(new Mapping());
                    continue;
                }
                if (!(node instanceof MappingNode mapping)) {
                    throw new MalformedEnvFileException("The YAML document at line " + line(node) + " is a "
                            + (node instanceof SequenceNode ? "list" : "single value")
                            + "; an env file must be a mapping of keys to values.");
                }
                documents.add(converter.mapping(mapping));
            }
        } catch (MarkedYamlEngineException e) {
            throw new MalformedEnvFileException("Invalid YAML"
                    + e.getProblemMark()
                            .map(m -> " at line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1))
                            .orElse("")
                    + ": " + e.getProblem() + ". Fix the syntax and try again.");
        } catch (YamlEngineException e) {
            throw new MalformedEnvFileException("Invalid YAML: " + firstLine(e.getMessage())
                    + ". Fix the file and try again (aliases are limited to " + MAX_ALIASES + " per document).");
        }
        if (documents.isEmpty()) {
            documents.add(new Mapping());
        }
        return documents;
    }

    static String decodeUtf8(byte[] content) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedEnvFileException(
                    "The file is not valid UTF-8. Save it as UTF-8 text, or encrypt it as" + " a binary file.");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable input";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** Converts composed nodes to the tree, expanding aliases under a node budget. */
    private static final class Converter {
        private int nodes;

        private void count() {
            if (++nodes > MAX_EXPANDED_NODES) {
                throw new MalformedEnvFileException("The YAML expands to more than " + MAX_EXPANDED_NODES + " values"
                        + " through aliases (an \"alias bomb\"). Remove the nested aliases (&anchor / *alias).");
            }
        }

        Mapping mapping(MappingNode node) {
            count();
            Mapping out = new Mapping();
            comments(node.getBlockComments(), out.items);
            Set<String> seen = new HashSet<>();
            for (NodeTuple tuple : node.getValue()) {
                Node keyNode = tuple.getKeyNode();
                Node valueNode = tuple.getValueNode();
                if (!(keyNode instanceof ScalarNode keyScalar)) {
                    throw new MalformedEnvFileException("The key at line " + line(keyNode) + " is not a plain value;"
                            + " env file keys must be strings.");
                }
                String key = keyScalar.getValue();
                if (!seen.add(key)) {
                    throw new MalformedEnvFileException("Duplicate key '" + key + "' at line " + line(keyNode)
                            + ". Each key may appear only once in a mapping; remove or rename one.");
                }
                comments(keyNode.getBlockComments(), out.items);
                comments(keyNode.getInLineComments(), out.items);
                if (valueNode instanceof ScalarNode) {
                    comments(valueNode.getBlockComments(), out.items);
                    comments(valueNode.getInLineComments(), out.items);
                }
                out.items.add(new Item(key, value(valueNode)));
                if (valueNode instanceof ScalarNode) {
                    comments(valueNode.getEndComments(), out.items);
                }
            }
            comments(node.getEndComments(), out.items);
            return out;
        }

        List<Object> sequence(SequenceNode node) {
            count();
            List<Object> out = new ArrayList<>();
            for (Node item : node.getValue()) {
                List<Item> before = new ArrayList<>();
                comments(item.getBlockComments(), before);
                comments(item.getInLineComments(), before);
                before.forEach(i -> out.add(i.key()));
                out.add(value(item));
            }
            List<Item> after = new ArrayList<>();
            comments(node.getEndComments(), after);
            after.forEach(i -> out.add(i.key()));
            return out;
        }

        Object value(Node node) {
            if (node instanceof MappingNode mapping) {
                return mapping(mapping);
            } else if (node instanceof SequenceNode sequence) {
                return sequence(sequence);
            }
            count();
            return scalar((ScalarNode) node);
        }

        private static void comments(List<CommentLine> lines, List<Item> into) {
            if (lines == null) {
                return;
            }
            for (CommentLine line : lines) {
                if (line.getCommentType() != CommentType.BLANK_LINE) {
                    into.add(new Item(new Comment(line.getValue()), null));
                }
            }
        }

        private static Object scalar(ScalarNode node) {
            Tag tag = node.getTag();
            String text = node.getValue();
            if (tag.equals(Tag.STR)) {
                return text;
            } else if (tag.equals(Tag.NULL)) {
                return null;
            } else if (tag.equals(Tag.BOOL)) {
                return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
            } else if (tag.equals(Tag.INT)) {
                return parseInt(text, node);
            } else if (tag.equals(Tag.FLOAT)) {
                return parseFloat(text);
            } else if (tag.equals(GoYamlTimestamps.TAG)) {
                java.util.Optional<String> time = GoYamlTimestamps.parse(text);
                if (time.isPresent()) {
                    return new TimeValue(time.get());
                }
            }
            throw new UnsupportedEnvFileException("The value at line " + line(node) + " has the YAML tag " + tag
                    + ", which env files do not support (only strings, numbers, booleans, dates and null). Remove the tag"
                    + " or quote the value.");
        }

        private static Long parseInt(String text, Node node) {
            if (GoYamlNumbers.number(text) instanceof Long value) {
                return value;
            }
            throw new UnsupportedEnvFileException("The integer at line " + line(node) + " does not fit in 64 bits."
                    + " Quote it to store it as a string.");
        }

        private static Double parseFloat(String text) {
            String lower = text.toLowerCase(java.util.Locale.ROOT);
            return switch (lower) {
                case ".inf", "+.inf" -> Double.POSITIVE_INFINITY;
                case "-.inf" -> Double.NEGATIVE_INFINITY;
                case ".nan" -> Double.NaN;
                default -> GoYamlNumbers.number(text) instanceof Number n
                        ? n.doubleValue()
                        : Double.parseDouble(text.replace("_", ""));
            };
        }
    }
}
