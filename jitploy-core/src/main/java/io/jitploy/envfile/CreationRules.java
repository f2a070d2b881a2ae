package io.jitploy.envfile;

import io.jitploy.envfile.keys.Recipient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code creation_rules} of a sops {@code .sops.yaml}: which recipients and selection rule a new file gets,
 * chosen by the first rule whose {@code path_regex} matches (searching, as sops does) the file's path relative to
 * the directory of {@code .sops.yaml}. A rule without {@code path_regex} matches every file. Recipients may be
 * lists or comma-separated strings; a single {@code key_groups} entry is read, several are refused.
 */
public final class CreationRules {
    /** One creation rule. */
    public record Rule(
            Optional<String> pathRegex,
            List<String> age,
            List<String> pgp,
            SelectionRule selectionRule,
            boolean macOnlyEncrypted) {
        public Rule {
            age = List.copyOf(age);
            pgp = List.copyOf(pgp);
        }

        /** All recipients of the rule, parsed (OpenPGP needs the PGP key format to be registered). */
        public List<Recipient> recipients() {
            List<Recipient> recipients = new ArrayList<>();
            age.forEach(r -> recipients.add(Recipient.parse(r)));
            pgp.forEach(r -> recipients.add(Recipient.parse(r)));
            return recipients;
        }

        /** Encryption settings for a new file under this rule. */
        public EncryptionSettings toSettings() {
            return EncryptionSettings.builder()
                    .recipients(recipients())
                    .selectionRule(selectionRule)
                    .macOnlyEncrypted(macOnlyEncrypted)
                    .build();
        }
    }

    private final List<Rule> rules;

    private CreationRules(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The rule for a file path relative to the {@code .sops.yaml} directory (use {@code /} separators). */
    public Optional<Rule> ruleFor(String relativePath) {
        for (Rule rule : rules) {
            if (rule.pathRegex().isEmpty()
                    || Pattern.compile(rule.pathRegex().get())
                            .matcher(relativePath)
                            .find()) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses the text of a {@code .sops.yaml}.
     *
     * @throws MalformedEnvFileException if it is not valid YAML or a rule is malformed
     */
    public static CreationRules parse(String text) {
        List<Mapping> documents = new YamlStore().parsePlain(text.getBytes(StandardCharsets.UTF_8));
        Object raw = documents.get(0).get("creation_rules");
        if (raw == null) {
            return new CreationRules(List.of());
        }
        if (!(raw instanceof List<?> list)) {
            throw new MalformedEnvFileException(".sops.yaml: `creation_rules` must be a list of rules.");
        }
        List<Rule> rules = new ArrayList<>();
        int index = 0;
        for (Object element : list) {
            if (element instanceof Comment) {
                continue;
            }
            if (!(element instanceof Mapping mapping)) {
                throw new MalformedEnvFileException(".sops.yaml: creation rule #" + (index + 1) + " is not a mapping.");
            }
            rules.add(rule(mapping, ++index));
        }
        return new CreationRules(rules);
    }

    private static Rule rule(Mapping mapping, int number) {
        String where = ".sops.yaml: creation rule #" + number;
        Optional<String> pathRegex = Optional.ofNullable(text(mapping.get("path_regex")));
        pathRegex.ifPresent(regex -> {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                throw new MalformedEnvFileException(
                        where + ": path_regex is not a valid regular expression (" + e.getDescription() + ").");
            }
        });
        List<String> age = new ArrayList<>(names(mapping.get("age")));
        List<String> pgp = new ArrayList<>(names(mapping.get("pgp")));
        Object groups = mapping.get("key_groups");
        if (groups instanceof List<?> list) {
            List<?> real = list.stream().filter(g -> !(g instanceof Comment)).toList();
            if (real.size() > 1) {
                throw new UnsupportedEnvFileException(where + " uses " + real.size() + " key_groups (Shamir secret"
                        + " sharing), which Jitploy does not support. List all recipients in one group.");
            }
            for (Object group : real) {
                if (group instanceof Mapping g) {
                    age.addAll(names(g.get("age")));
                    pgp.addAll(names(g.get("pgp")));
                }
            }
        }
        SelectionRule selection = null;
        for (SelectionRule.Kind kind : SelectionRule.Kind.values()) {
            String value = text(mapping.get(kind.metadataKey()));
            if (value != null && !value.isEmpty()) {
                if (selection != null) {
                    throw new MalformedEnvFileException(
                            where + " sets both " + selection.kind().metadataKey() + " and " + kind.metadataKey()
                                    + "; only one selection rule is allowed.");
                }
                selection = SelectionRule.of(kind, value);
            }
        }
        boolean macOnlyEncrypted = Boolean.TRUE.equals(mapping.get("mac_only_encrypted"));
        return new Rule(
                pathRegex, age, pgp, selection == null ? SelectionRule.defaultRule() : selection, macOnlyEncrypted);
    }

    private static List<String> names(Object value) {
        List<String> names = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    names.add(part.strip());
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                if (!(element instanceof Comment) && element != null) {
                    names.addAll(names(text(element)));
                }
            }
        }
        return names;
    }

    private static String text(Object value) {
        return value == null || value instanceof Mapping || value instanceof List ? null : ValueEncoding.toText(value);
    }
}
