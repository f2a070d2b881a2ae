package io.jitploy.cli;

import io.jitploy.envfile.EncryptionSettings;
import io.jitploy.envfile.SelectionRule;
import io.jitploy.envfile.keys.Recipient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The {@code creation_rules} of a sops {@code .sops.yaml} (found from the file's directory upwards, as sops does):
 * the first rule whose {@code path_regex} matches the file gives its recipients and selection rule. Keys, rules and
 * {@code mac_only_encrypted} follow sops's names.
 */
final class SopsCreationRules {
    static final String FILE_NAME = ".sops.yaml";

    private SopsCreationRules() {}

    static EncryptionSettings settingsFor(Path file, Path projectDirectory) throws IOException {
        Path config = find(file.toAbsolutePath().getParent());
        if (config == null) {
            config = find(projectDirectory);
        }
        if (config == null) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "No recipients: pass --age RECIPIENT or --pgp KEY, or add a"
                            + " creation rule for this file to a .sops.yaml.");
        }
        Map<?, ?> rule = matchingRule(config, file)
                .orElseThrow(() -> CliException.config("No creation rule in " + FILE_NAME
                        + " matches " + file.getFileName() + ". Add a rule whose path_regex matches it, or pass"
                        + " --age/--pgp."));
        List<Recipient> recipients = new ArrayList<>();
        for (String age : list(rule.get("age"))) {
            recipients.add(Recipient.parse(age));
        }
        for (String pgp : list(rule.get("pgp"))) {
            recipients.add(Recipient.parse(pgp));
        }
        if (rule.containsKey("key_groups")) {
            throw CliException.config("The matching rule of " + config + " uses key_groups (Shamir secret sharing),"
                    + " which jitploy does not create. Use a rule with plain age/pgp recipients.");
        }
        if (recipients.isEmpty()) {
            throw CliException.config("The matching rule of " + config + " has no age or pgp recipients. Jitploy"
                    + " cannot use kms/gcp_kms/azure_kv/hc_vault keys; add an age recipient.");
        }
        EncryptionSettings.Builder settings = EncryptionSettings.builder().recipients(recipients);
        for (SelectionRule.Kind kind : SelectionRule.Kind.values()) {
            Object value = rule.get(kind.metadataKey());
            if (value != null) {
                settings.selectionRule(SelectionRule.of(kind, value.toString()));
            }
        }
        if (Boolean.TRUE.equals(rule.get("mac_only_encrypted"))) {
            settings.macOnlyEncrypted(true);
        }
        return settings.build();
    }

    private static Path find(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(FILE_NAME))) {
                return dir.resolve(FILE_NAME);
            }
        }
        return null;
    }

    private static Optional<Map<?, ?>> matchingRule(Path config, Path file) throws IOException {
        Object root;
        try {
            root = new Load(LoadSettings.builder().setLabel(config.toString()).build())
                    .loadFromString(Files.readString(config, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            throw CliException.config(config + " is not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map) || !(map.get("creation_rules") instanceof List<?> rules)) {
            throw CliException.config(config + " has no creation_rules list. See the sops documentation.");
        }
        String relative =
                config.getParent().relativize(file.toAbsolutePath()).toString().replace('\\', '/');
        for (Object item : rules) {
            if (!(item instanceof Map<?, ?> rule)) {
                continue;
            }
            Object regex = rule.get("path_regex");
            try {
                if (regex == null
                        || Pattern.compile(regex.toString()).matcher(relative).find()
                        || Pattern.compile(regex.toString())
                                .matcher(file.toString())
                                .find()) {
                    return Optional.of(rule);
                }
            } catch (PatternSyntaxException e) {
                throw CliException.config(config + ": path_regex '" + regex + "' is not a valid regular expression.");
            }
        }
        return Optional.empty();
    }

    /** sops accepts a comma-separated string or a YAML list. */
    private static List<String> list(Object value) {
        List<String> items = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(item -> items.add(item.toString().strip()));
        } else if (value != null) {
            for (String item : value.toString().split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }
}
