package io.jitploy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.CollectionNode;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML document's text with its composed nodes, so that edits can be made as small text insertions and removals
 * at node positions instead of re-serialising (which would drop comments and reformat the file).
 */
final class YamlText {
    private final String text;
    private final Optional<Node> root;
    private final List<Integer> lineStarts = new ArrayList<>();

    private YamlText(String text, Optional<Node> root) {
        this.text = text;
        this.root = root;
        lineStarts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                lineStarts.add(i + 1);
            }
        }
    }

    static YamlText of(String text) {
        try {
            return new YamlText(text, YamlTree.compose(text, ConfigLoader.FILE_NAME));
        } catch (YamlEngineException e) {
            throw new ProjectFileEditException(
                    ".jitploy.yml is not valid YAML, fix it first (run 'jitploy check'): " + e.getMessage());
        }
    }

    MappingNode rootMapping() {
        return mapping(
                root.orElseThrow(() -> new ProjectFileEditException(".jitploy.yml is empty; run 'jitploy init'")),
                "the top level of .jitploy.yml");
    }

    static Optional<NodeTuple> entry(MappingNode mapping, String key) {
        return mapping.getValue().stream()
                .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode scalar
                        && scalar.getValue().equals(key))
                .findFirst();
    }

    static int indexOf(SequenceNode sequence, String value) {
        List<Node> items = sequence.getValue();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof ScalarNode scalar && scalar.getValue().equals(value)) {
                return i;
            }
        }
        return -1;
    }

    MappingNode mapping(Node node, String what) {
        if (node instanceof MappingNode mapping && !(mapping.getValue().isEmpty() && isBlock(mapping))) {
            return mapping;
        }
        throw new ProjectFileEditException(what + " (line " + YamlTree.line(node)
                + ") is not a mapping; fix .jitploy.yml first (run 'jitploy check')");
    }

    SequenceNode sequence(Node node, String what) {
        if (node instanceof SequenceNode sequence) {
            return sequence;
        }
        throw new ProjectFileEditException(what + " (line " + YamlTree.line(node)
                + ") is not a list; fix .jitploy.yml first (run 'jitploy check')");
    }

    int column(Node node) {
        return node.getStartMark().orElseThrow().getColumn();
    }

    /** The indentation a block mapping's nested mappings use, or two spaces. */
    String indentStep(MappingNode mapping) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getValueNode() instanceof MappingNode child
                    && isBlock(child)
                    && !child.getValue().isEmpty()) {
                int step = column(child.getValue().get(0).getKeyNode()) - column(tuple.getKeyNode());
                if (step > 0) {
                    return " ".repeat(step);
                }
            }
        }
        return "  ";
    }

    /** The text of {@code node} as written (e.g. a scalar with its quotes). */
    String source(Node node) {
        return text.substring(start(node), end(node));
    }

    /** Inserts whole lines right after the line on which {@code node} ends. */
    String insertAfterLineOf(Node node, String lines) {
        return insertLines(lineEndAfter(contentEnd(node)), lines);
    }

    /** Inserts whole lines after the last line of a block collection's content. */
    String insertAfterContent(CollectionNode<?> collection, String lines) {
        return insertLines(lineEndAfter(contentEnd(collection)), lines);
    }

    /** Adds {@code entry} ("key: value") at the end of a flow mapping. */
    String insertFlowEntry(MappingNode mapping, String entry) {
        if (mapping.getValue().isEmpty()) {
            int open = text.indexOf('{', start(mapping));
            return splice(open + 1, open + 1, entry);
        }
        int last =
                contentEnd(mapping.getValue().get(mapping.getValue().size() - 1).getValueNode());
        return splice(last, last, ", " + entry);
    }

    /** Replaces the value of {@code tuple} with {@code replacement} (flow text). */
    String replaceValue(NodeTuple tuple, String replacement) {
        Node value = tuple.getValueNode();
        int from = start(value);
        int to = YamlTree.isNull(value) ? contentEnd(value) : end(value);
        if (from == to) {
            // An empty value: put it after the colon that follows the key.
            int colon = text.indexOf(':', end(tuple.getKeyNode()));
            return splice(colon + 1, colon + 1, " " + replacement);
        }
        return splice(from, to, replacement);
    }

    /** Appends {@code scalar} to a sequence, in the sequence's own style. */
    String appendItem(SequenceNode sequence, String scalar) {
        List<Node> items = sequence.getValue();
        if (!isBlock(sequence)) {
            if (items.isEmpty()) {
                int open = text.indexOf('[', start(sequence));
                return splice(open + 1, open + 1, scalar);
            }
            int last = contentEnd(items.get(items.size() - 1));
            return splice(last, last, ", " + scalar);
        }
        String indent = " ".repeat(column(sequence));
        return insertLines(lineEndAfter(contentEnd(sequence)), indent + "- " + scalar + "\n");
    }

    /** Removes item {@code index} of a sequence, with its separator or its line. */
    String removeItem(NodeTuple tuple, SequenceNode sequence, int index) {
        List<Node> items = sequence.getValue();
        Node item = items.get(index);
        if (!isBlock(sequence)) {
            if (items.size() == 1) {
                return splice(start(item), contentEnd(item), "");
            }
            if (index < items.size() - 1) {
                return splice(start(item), start(items.get(index + 1)), "");
            }
            return splice(contentEnd(items.get(index - 1)), contentEnd(item), "");
        }
        int from = lineStart(start(item));
        int to = lineEndAfter(contentEnd(item));
        if (items.size() > 1) {
            return splice(from, to, "");
        }
        // The only item: drop its line and leave an explicit empty list after the key.
        String without = splice(from, to, "");
        int colon = without.indexOf(':', end(tuple.getKeyNode()));
        return without.substring(0, colon + 1) + " []" + without.substring(colon + 1);
    }

    private static boolean isBlock(CollectionNode<?> node) {
        return node.getFlowStyle() != FlowStyle.FLOW;
    }

    private String insertLines(int at, String lines) {
        String newline = newline(text);
        String prefix = at == text.length() && !text.isEmpty() && !text.endsWith("\n") ? newline : "";
        return splice(at, at, prefix + lines.replace("\n", newline));
    }

    /** The file's own line break, so that an edit of a CRLF file stays CRLF. */
    static String newline(String text) {
        return text.contains("\r\n") ? "\r\n" : "\n";
    }

    private String splice(int from, int to, String replacement) {
        return text.substring(0, from) + replacement + text.substring(to);
    }

    private int start(Node node) {
        return offset(node.getStartMark().orElseThrow());
    }

    private int end(Node node) {
        return offset(node.getEndMark().orElseThrow());
    }

    /** Where a node's own text ends: block collections end at their last child, not at the next token. */
    private int contentEnd(Node node) {
        if (node instanceof MappingNode mapping
                && isBlock(mapping)
                && !mapping.getValue().isEmpty()) {
            NodeTuple last = mapping.getValue().get(mapping.getValue().size() - 1);
            return Math.max(contentEnd(last.getKeyNode()), contentEnd(last.getValueNode()));
        }
        if (node instanceof SequenceNode sequence
                && isBlock(sequence)
                && !sequence.getValue().isEmpty()) {
            return contentEnd(sequence.getValue().get(sequence.getValue().size() - 1));
        }
        int from = start(node);
        int to = end(node);
        while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private int offset(Mark mark) {
        int lineStart = lineStarts.get(mark.getLine());
        return text.offsetByCodePoints(lineStart, mark.getColumn());
    }

    private int lineStart(int offset) {
        int line = 0;
        while (line + 1 < lineStarts.size() && lineStarts.get(line + 1) <= offset) {
            line++;
        }
        return lineStarts.get(line);
    }

    /** The offset just after the line break ending the line that contains {@code offset - 1}. */
    private int lineEndAfter(int offset) {
        for (int i = Math.max(offset, 0); i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                return i + 1;
            }
            if (c == '\r') {
                return i + 1 < text.length() && text.charAt(i + 1) == '\n' ? i + 2 : i + 1;
            }
        }
        return text.length();
    }
}
