package io.jitploy.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Typed reads from a composed YAML node tree that record a {@link ConfigProblem} (with the node's line) instead of
 * failing, so that one pass reports every problem of a file.
 */
final class YamlTree {
    /** Keeps a hostile file from expanding aliases into a huge tree ("billion laughs"). */
    private static final int MAX_ALIASES = 50;

    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();

    YamlTree(String source) {
        this.source = source;
    }

    /** Composes {@code text} into nodes keeping marks; YAML 1.2 core schema, so {@code yes} stays a string. */
    static Optional<Node> compose(String text, String source) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(source)
                .setSchema(new CoreSchema())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setAllowDuplicateKeys(true) // duplicates are reported by entries(), with both lines
                .build();
        return new Compose(settings).composeString(text);
    }

    List<ConfigProblem> problems() {
        return problems.stream()
                .distinct()
                .sorted(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
                .toList();
    }

    void problem(Node at, String message, String hint) {
        Optional<Mark> mark = at == null ? Optional.empty() : at.getStartMark();
        problem(mark, message, hint);
    }

    void problem(Optional<Mark> mark, String message, String hint) {
        problems.add(new ConfigProblem(
                source,
                mark.map(m -> m.getLine() + 1).orElse(0),
                mark.map(m -> m.getColumn() + 1).orElse(0),
                message,
                hint));
    }

    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /**
     * The entries of a mapping by key, in file order. Reports a non-mapping, unknown keys (suggesting the nearest
     * allowed one) and duplicate keys; only known, first-seen keys are returned.
     */
    Map<String, Entry> entries(Node node, String what, Set<String> allowed) {
        Map<String, Entry> result = new LinkedHashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            problem(
                    node,
                    what + " must be a mapping of keys to values, not " + describe(node),
                    "write it as 'key: value' lines indented under " + what);
            return result;
        }
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                problem(keyNode, "a key in " + what + " is not a plain name", "use a simple word as the key");
                continue;
            }
            String key = scalar.getValue();
            if (firstLine.containsKey(key)) {
                problem(
                        keyNode,
                        "duplicate key '" + key + "' in " + what + " (first on line " + firstLine.get(key) + ")",
                        "remove one of them or give it a different name");
                continue;
            }
            firstLine.put(key, line(keyNode));
            if (allowed != null && !allowed.contains(key)) {
                problem(keyNode, "unknown key '" + key + "' in " + what, suggestion(key, allowed));
                continue;
            }
            result.put(key, new Entry(key, keyNode, tuple.getValueNode()));
        }
        return result;
    }

    /** A non-empty scalar as text; reports null or a collection. */
    Optional<String> string(Node node, String what) {
        if (node instanceof ScalarNode scalar && !Tag.NULL.equals(scalar.getTag())) {
            if (scalar.getValue().isBlank()) {
                problem(node, what + " is empty", "give it a value or remove the key");
                return Optional.empty();
            }
            return Optional.of(scalar.getValue());
        }
        problem(node, what + " must be a text value, not " + describe(node), "write a single value after the colon");
        return Optional.empty();
    }

    Optional<Integer> integer(Node node, String what) {
        if (node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            try {
                return Optional.of(Integer.parseInt(scalar.getValue().replace("+", "")));
            } catch (NumberFormatException tooLarge) {
                // reported below
            }
        }
        problem(node, what + " must be a whole number, not " + describe(node), "write a number such as 0 or 200");
        return Optional.empty();
    }

    Optional<Boolean> bool(Node node, String what) {
        if (node instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Optional.of(Boolean.parseBoolean(scalar.getValue().toLowerCase(Locale.ROOT)));
        }
        problem(node, what + " must be true or false, not " + describe(node), "write true or false");
        return Optional.empty();
    }

    /** A list of text values; a single value is accepted as a one-element list, {@code null} as empty. */
    List<Item> strings(Node node, String what) {
        List<Item> result = new ArrayList<>();
        if (node instanceof ScalarNode scalar) {
            if (!Tag.NULL.equals(scalar.getTag())) {
                string(node, what).ifPresent(value -> result.add(new Item(value, node)));
            }
            return result;
        }
        if (!(node instanceof SequenceNode sequence)) {
            problem(node, what + " must be a list, not " + describe(node), "write [a, b] or one '- item' per line");
            return result;
        }
        for (Node element : sequence.getValue()) {
            string(element, "each entry of " + what).ifPresent(value -> result.add(new Item(value, element)));
        }
        return result;
    }

    /** The elements of a sequence, or a problem when {@code node} is not one ({@code null} counts as empty). */
    List<Node> sequence(Node node, String what) {
        if (node instanceof SequenceNode sequence) {
            return sequence.getValue();
        }
        if (isNull(node)) {
            return List.of();
        }
        problem(node, what + " must be a list, not " + describe(node), "write one '- ...' entry per line");
        return List.of();
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode scalar) {
            return Tag.NULL.equals(scalar.getTag()) ? "an empty value" : "'" + scalar.getValue() + "'";
        }
        return "nothing";
    }

    /** "did you mean 'x'?" for the allowed key nearest to {@code key}, else the list of allowed keys. */
    static String suggestion(String key, Set<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = EditDistance.between(normalise(key), normalise(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= Math.max(2, key.length() / 3)) {
            return "did you mean '" + best + "'?";
        }
        // Another form of the same word (retry for retries, expect for expect_status) is far by edit distance.
        Optional<String> sameStem = allowed.stream()
                .filter(candidate -> sharesStem(normalise(key), normalise(candidate)))
                .max(Comparator.comparingInt(candidate -> commonPrefix(normalise(key), normalise(candidate))));
        if (sameStem.isPresent()) {
            return "did you mean '" + sameStem.get() + "'?";
        }
        return "remove it; allowed keys here are "
                + String.join(", ", allowed.stream().sorted().toList());
    }

    /** At least four leading characters in common, covering most of the shorter word. */
    private static boolean sharesStem(String a, String b) {
        int common = commonPrefix(a, b);
        return common >= 4 && common * 5 >= Math.min(a.length(), b.length()) * 3;
    }

    private static int commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length() && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    private static String normalise(String key) {
        return key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** One known key of a mapping, with its key node (for messages) and value node. */
    record Entry(String key, Node keyNode, Node value) {}

    /** One text value of a list, with its node (for messages). */
    record Item(String value, Node node) {}
}
