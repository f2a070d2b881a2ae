package io.jitploy.envfile;

import java.util.List;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;

/**
 * Writes the tree as block YAML in sops' layout (yaml.v3 with indent 4): nested mappings and lists indented by 4,
 * multi-line strings as literal blocks, strings quoted only when they would otherwise read back as another type
 * (also for YAML 1.1 readers: {@code yes}, {@code on}...). Output is deterministic, so re-emitting an unchanged
 * tree reproduces the same bytes: that is what keeps set/unset diffs to the lines that changed.
 */
final class YamlEmitter {
    private static final int INDENT = 4;
    private static final ScalarResolver RESOLVER = GoYamlNumbers.RESOLVER;
    private static final java.util.regex.Pattern YAML11_SPECIAL = java.util.regex.Pattern.compile(
            "(?i)y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\\.[0-9_]*)?|\\d{4}-\\d{1,2}-\\d{1,2}.*|"
                    + "[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0b[01_]+|[-+]?0[0-7_]+|[-+]?\\.(inf|nan)");

    private final StringBuilder out = new StringBuilder();

    /** Whether the next line starts right after a "- " already written. */
    private boolean inline;

    String emit(List<Mapping> documents) {
        boolean first = true;
        for (Mapping document : documents) {
            if (!first) {
                out.append("---\n");
            }
            first = false;
            if (document.items.isEmpty()) {
                out.append("{}\n");
            } else {
                mapping(document, 0);
            }
        }
        return out.toString();
    }

    private void startLine(int indent) {
        if (inline) {
            inline = false;
        } else {
            out.append(" ".repeat(indent));
        }
    }

    private void mapping(Mapping mapping, int indent) {
        int childIndent = indent + INDENT;
        for (Item item : mapping.items) {
            startLine(indent);
            if (item.key() instanceof Comment comment) {
                out.append('#').append(comment.text()).append('\n');
                continue;
            }
            out.append(key(item.name())).append(':');
            value(item.value(), indent, childIndent);
        }
    }

    /** Writes a value after "key:" (the colon is written). */
    private void value(Object value, int keyIndent, int childIndent) {
        if (value instanceof Mapping nested) {
            if (nested.items.isEmpty()) {
                out.append(" {}\n");
            } else {
                out.append('\n');
                mapping(nested, childIndent);
            }
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append(" []\n");
            } else {
                out.append('\n');
                sequence(list, keyIndent + INDENT);
            }
        } else {
            out.append(' ');
            scalar(value, childIndent);
        }
    }

    private void sequence(List<?> list, int indent) {
        for (Object element : list) {
            startLine(indent);
            if (element instanceof Comment comment) {
                out.append('#').append(comment.text()).append('\n');
                continue;
            }
            if (element instanceof Mapping nested && !nested.items.isEmpty()) {
                out.append("- ");
                inline = true;
                sequenceItemMapping(nested, indent);
            } else if (element instanceof List<?> inner && !inner.isEmpty()) {
                out.append("- ");
                inline = true;
                sequence(inner, indent + 2);
            } else if (element instanceof Mapping) {
                out.append("- {}\n");
            } else if (element instanceof List<?>) {
                out.append("- []\n");
            } else {
                out.append("- ");
                scalar(element, indent + INDENT);
            }
        }
    }

    /** A mapping that is a list item: keys at dash + 2, children at dash + 4, as yaml.v3 lays out sops' age list. */
    private void sequenceItemMapping(Mapping mapping, int dashIndent) {
        int keyIndent = dashIndent + 2;
        for (Item item : mapping.items) {
            startLine(keyIndent);
            if (item.key() instanceof Comment comment) {
                out.append('#').append(comment.text()).append('\n');
                continue;
            }
            out.append(key(item.name())).append(':');
            value(item.value(), keyIndent, dashIndent + INDENT);
        }
    }

    private void scalar(Object value, int blockIndent) {
        if (value == null) {
            out.append("null\n");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false").append('\n');
        } else if (value instanceof Long l) {
            out.append(l).append('\n');
        } else if (value instanceof Double d) {
            out.append(ValueEncoding.floatLiteral(d, true)).append('\n');
        } else if (value instanceof TimeValue t) {
            out.append(t.text()).append('\n');
        } else if (value instanceof byte[] bytes) {
            string(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), blockIndent);
        } else {
            string((String) value, blockIndent);
        }
    }

    private void string(String s, int blockIndent) {
        if (s.indexOf('\n') >= 0 && literalSafe(s)) {
            String chomp = s.endsWith("\n\n") ? "+" : s.endsWith("\n") ? "" : "-";
            out.append('|').append(chomp).append('\n');
            String body = s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
            for (String line : body.split("\n", -1)) {
                if (!line.isEmpty()) {
                    out.append(" ".repeat(blockIndent)).append(line);
                }
                out.append('\n');
            }
            return;
        }
        out.append(quoted(s)).append('\n');
    }

    private static String key(String key) {
        String text = quoted(key);
        if (text.length() > MAX_KEY_CHARS) {
            // YAML limits implicit keys to 1024 characters; longer ones would not read back.
            throw new UnsupportedEnvFileException("A key of " + key.length() + " characters is too long for a YAML"
                    + " env file (at most " + MAX_KEY_CHARS + " once quoted). Shorten the key.");
        }
        return text;
    }

    static final int MAX_KEY_CHARS = 1000;

    /** Plain if safe, else single-quoted if printable on one line, else double-quoted with escapes. */
    static String quoted(String s) {
        if (plainSafe(s)) {
            return s;
        }
        if (s.isEmpty() || misresolves(s)) {
            // yaml.v3 double-quotes strings that would read back as another type; sops files look the same.
            return doubleQuoted(s);
        }
        if (s.indexOf('\n') < 0 && allPrintable(s, false)) {
            return "'" + s.replace("'", "''") + "'";
        }
        return doubleQuoted(s);
    }

    static boolean plainSafe(String s) {
        if (s.isEmpty() || !allPrintable(s, false)) {
            return false;
        }
        if (misresolves(s)) {
            return false;
        }
        char first = s.charAt(0);
        if ("-?:,[]{}#&*!|>'\"%@`".indexOf(first) >= 0 || Character.isWhitespace(first)) {
            return false;
        }
        char last = s.charAt(s.length() - 1);
        if (Character.isWhitespace(last) || last == ':') {
            return false;
        }
        return !s.contains(": ")
                && !s.contains(" #")
                && !s.contains("\t")
                && !s.startsWith("---")
                && !s.startsWith("...");
    }

    private static boolean misresolves(String s) {
        return !RESOLVER.resolve(s, true).equals(Tag.STR)
                || YAML11_SPECIAL.matcher(s).matches();
    }

    private static boolean literalSafe(String s) {
        char first = s.charAt(0);
        if (first == ' ' || first == '\n' || s.indexOf('\r') >= 0) {
            return false;
        }
        for (String line : s.split("\n", -1)) {
            if (!allPrintable(line, true)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allPrintable(String s, boolean allowTab) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (!(cp == '\t' && allowTab) && !printable(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean printable(int cp) {
        return (cp >= 0x20 && cp <= 0x7E)
                || (cp >= 0xA0 && cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029)
                || (cp >= 0xE000 && cp <= 0xFFFD && cp != 0xFEFF)
                || (cp >= 0x10000 && cp <= 0x10FFFF);
    }

    static String doubleQuoted(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            switch (cp) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                case 0 -> b.append("\\0");
                default -> {
                    if (printable(cp)) {
                        b.appendCodePoint(cp);
                    } else if (cp <= 0xFF) {
                        b.append(String.format("\\x%02X", cp));
                    } else if (cp <= 0xFFFF) {
                        b.append(String.format("\\u%04X", cp));
                    } else {
                        b.append(String.format("\\U%08X", cp));
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
