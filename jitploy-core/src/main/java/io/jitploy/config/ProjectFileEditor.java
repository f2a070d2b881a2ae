package io.jitploy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Edits the text of a {@code .jitploy.yml} for the CLI ({@code jitploy init}, {@code keygen},
 * {@code recipients add|remove}). Each edit inserts or removes only the text it must, so comments, blank lines,
 * quoting and the order of everything else stay byte for byte as they were.
 */
public final class ProjectFileEditor {
    private static final Pattern PLAIN_SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/+=@-]*");

    /** The two kinds of recipient a {@code recipients:} mapping lists. */
    public enum RecipientKind {
        AGE("age"),
        PGP("pgp");

        private final String key;

        RecipientKind(String key) {
            this.key = key;
        }

        /** The YAML key: {@code age} or {@code pgp}. */
        public String key() {
            return key;
        }
    }

    private ProjectFileEditor() {}

    /** The default encrypted file of an environment: {@code config/<env>.enc.yaml}. */
    public static String defaultFile(String environment) {
        return "config/" + environment + ".enc.yaml";
    }

    /**
     * A new {@code .jitploy.yml} declaring {@code environments} in the given order. The first deploys on pushes to
     * {@code main}; each later one is promoted from the one before it (staging → production). Every environment
     * gets {@code file: config/<env>.enc.yaml}, an empty age recipient list for {@code jitploy keygen} to fill, and
     * {@code deploy: ./deploy.sh}.
     */
    public static String create(List<String> environments) {
        if (environments.isEmpty()) {
            throw new ProjectFileEditException("name at least one environment, e.g. staging production");
        }
        StringBuilder out = new StringBuilder();
        out.append("# Jitploy deployment configuration; reference: docs/configuration.md\n");
        out.append("version: 1\n");
        out.append("environments:\n");
        String previous = null;
        for (String environment : environments) {
            checkName(environment);
            if (environments.indexOf(environment) != environments.lastIndexOf(environment)) {
                throw new ProjectFileEditException("environment '" + environment + "' is listed twice");
            }
            out.append("  ").append(environment).append(":\n");
            if (previous == null) {
                out.append("    branches: [main]\n");
            } else {
                out.append("    promote_from: ").append(previous).append('\n');
            }
            out.append("    file: ").append(defaultFile(environment)).append('\n');
            out.append("    recipients:\n");
            out.append("      age: []\n");
            out.append("    deploy: ./deploy.sh\n");
            previous = environment;
        }
        return out.toString();
    }

    /**
     * {@code text} with a new environment appended under {@code environments:}, with {@code file:
     * config/<env>.enc.yaml} and an empty age recipient list.
     *
     * @throws ProjectFileEditException if the environment exists or the file is not valid YAML
     */
    public static String addEnvironment(String text, String environment) {
        checkName(environment);
        YamlText yaml = YamlText.of(text);
        MappingNode root = yaml.rootMapping();
        Optional<NodeTuple> environments = YamlText.entry(root, "environments");
        if (environments.isEmpty()) {
            String newline = YamlText.newline(text);
            String prefix = text.isEmpty() || text.endsWith("\n") ? "" : newline;
            return text
                    + prefix
                    + ("environments:\n" + environmentBlock(environment, "  ", "  ")).replace("\n", newline);
        }
        Node value = environments.get().getValueNode();
        if (YamlTree.isNull(value)) {
            return yaml.insertAfterLineOf(environments.get().getKeyNode(), environmentBlock(environment, "  ", "  "));
        }
        MappingNode mapping = yaml.mapping(value, "environments");
        if (YamlText.entry(mapping, environment).isPresent()) {
            throw new ProjectFileEditException("environment '" + environment + "' already exists in .jitploy.yml");
        }
        if (mapping.getFlowStyle() == FlowStyle.FLOW) {
            return yaml.insertFlowEntry(
                    mapping, environment + ": {file: " + defaultFile(environment) + ", recipients: {age: []}}");
        }
        String indent = " ".repeat(yaml.column(mapping.getValue().get(0).getKeyNode()));
        String step = yaml.indentStep(mapping);
        return yaml.insertAfterContent(mapping, environmentBlock(environment, indent, step));
    }

    /**
     * {@code text} with {@code recipient} added to the {@code kind} recipients of {@code environment}; unchanged if
     * it is already there.
     *
     * @throws ProjectFileEditException if the environment is not declared or the file is not valid YAML
     */
    public static String addRecipient(String text, String environment, RecipientKind kind, String recipient) {
        Objects.requireNonNull(recipient, "recipient");
        if (recipient.isBlank() || recipient.contains("\n")) {
            throw new ProjectFileEditException("a recipient is one line: an age1… key or a PGP fingerprint");
        }
        YamlText yaml = YamlText.of(text);
        MappingNode env = environmentMapping(yaml, environment);
        String scalar = scalar(recipient);
        Optional<NodeTuple> recipients = YamlText.entry(env, "recipients");
        if (recipients.isEmpty()) {
            if (env.getFlowStyle() == FlowStyle.FLOW) {
                return yaml.insertFlowEntry(env, "recipients: {" + kind.key() + ": [" + scalar + "]}");
            }
            String indent = " ".repeat(yaml.column(env.getValue().get(0).getKeyNode()));
            return yaml.insertAfterContent(
                    env,
                    indent + "recipients:\n" + indent + yaml.indentStep(env) + kind.key() + ": [" + scalar + "]\n");
        }
        Node recipientsValue = recipients.get().getValueNode();
        if (YamlTree.isNull(recipientsValue)) {
            return yaml.replaceValue(recipients.get(), "{" + kind.key() + ": [" + scalar + "]}");
        }
        MappingNode recipientsMapping = yaml.mapping(recipientsValue, "recipients of '" + environment + "'");
        Optional<NodeTuple> list = YamlText.entry(recipientsMapping, kind.key());
        if (list.isEmpty()) {
            if (recipientsMapping.getFlowStyle() == FlowStyle.FLOW) {
                return yaml.insertFlowEntry(recipientsMapping, kind.key() + ": [" + scalar + "]");
            }
            String indent =
                    " ".repeat(yaml.column(recipientsMapping.getValue().get(0).getKeyNode()));
            return yaml.insertAfterContent(recipientsMapping, indent + kind.key() + ": [" + scalar + "]\n");
        }
        Node listValue = list.get().getValueNode();
        if (YamlTree.isNull(listValue)) {
            return yaml.replaceValue(list.get(), "[" + scalar + "]");
        }
        if (listValue instanceof ScalarNode single) {
            if (single.getValue().equals(recipient)) {
                return text;
            }
            return yaml.replaceValue(list.get(), "[" + yaml.source(single) + ", " + scalar + "]");
        }
        SequenceNode sequence = yaml.sequence(listValue, kind.key() + " recipients of '" + environment + "'");
        if (YamlText.indexOf(sequence, recipient) >= 0) {
            return text;
        }
        return yaml.appendItem(sequence, scalar);
    }

    /**
     * {@code text} without {@code recipient} among the {@code kind} recipients of {@code environment}. Removing a
     * recipient does not revoke access to what it could already decrypt: rotate the data key afterwards.
     *
     * @throws ProjectFileEditException if the recipient is not listed there
     */
    public static String removeRecipient(String text, String environment, RecipientKind kind, String recipient) {
        YamlText yaml = YamlText.of(text);
        MappingNode env = environmentMapping(yaml, environment);
        String notListed = "'" + recipient + "' is not an " + kind.key() + " recipient of '" + environment + "'";
        NodeTuple recipients = YamlText.entry(env, "recipients")
                .orElseThrow(() -> new ProjectFileEditException(notListed + " (it has no recipients)"));
        MappingNode recipientsMapping = yaml.mapping(recipients.getValueNode(), "recipients of '" + environment + "'");
        NodeTuple list = YamlText.entry(recipientsMapping, kind.key())
                .orElseThrow(() -> new ProjectFileEditException(notListed));
        if (list.getValueNode() instanceof ScalarNode single
                && single.getValue().equals(recipient)) {
            return yaml.replaceValue(list, "[]");
        }
        if (!(list.getValueNode() instanceof SequenceNode sequence)) {
            throw new ProjectFileEditException(notListed);
        }
        int index = YamlText.indexOf(sequence, recipient);
        if (index < 0) {
            throw new ProjectFileEditException(notListed);
        }
        return yaml.removeItem(list, sequence, index);
    }

    private static MappingNode environmentMapping(YamlText yaml, String environment) {
        NodeTuple environments = YamlText.entry(yaml.rootMapping(), "environments")
                .orElseThrow(() -> new ProjectFileEditException(
                        ".jitploy.yml declares no environments; run 'jitploy init' first"));
        MappingNode mapping = yaml.mapping(environments.getValueNode(), "environments");
        NodeTuple env = YamlText.entry(mapping, environment)
                .orElseThrow(() -> new ProjectFileEditException("environment '" + environment
                        + "' is not declared in .jitploy.yml; " + YamlTree.suggestion(environment, names(mapping))));
        return yaml.mapping(env.getValueNode(), "environment '" + environment + "'");
    }

    private static java.util.Set<String> names(MappingNode mapping) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key) {
                names.add(key.getValue());
            }
        }
        return names;
    }

    private static String environmentBlock(String environment, String indent, String step) {
        List<String> lines = new ArrayList<>();
        lines.add(indent + environment + ":");
        lines.add(indent + step + "file: " + defaultFile(environment));
        lines.add(indent + step + "recipients:");
        lines.add(indent + step + step + "age: []");
        return String.join("\n", lines) + "\n";
    }

    private static void checkName(String environment) {
        if (!environment.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new ProjectFileEditException("'" + environment + "' is not a valid environment name: use letters,"
                    + " digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** A plain scalar when it is safe in both block and flow context, else a double-quoted one. */
    static String scalar(String value) {
        if (PLAIN_SAFE.matcher(value).matches() && !value.matches("(?i)true|false|null|~|[-+]?[0-9].*")) {
            return value;
        }
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
