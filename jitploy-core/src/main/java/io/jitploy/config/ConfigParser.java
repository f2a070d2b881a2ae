package io.jitploy.config;

import io.jitploy.config.YamlTree.Entry;
import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Turns the text of a {@code .jitploy.yml} into a {@link JitployConfig}, collecting every problem on the way. */
final class ConfigParser {
    static final Set<String> TOP_KEYS = ordered("version", "application", "escrow", "defaults", "environments");
    static final Set<String> ENVIRONMENT_KEYS = ordered(
            "branches",
            "pull_requests",
            "file",
            "plaintext",
            "recipients",
            "deploy",
            "url",
            "promote_from",
            "health",
            "protection",
            "freeze",
            "github");
    /** Fields that only make sense per environment, so {@code defaults} may not set them. */
    static final Set<String> PER_ENVIRONMENT_ONLY = ordered("file", "plaintext", "pull_requests", "promote_from");

    private final String source;
    private final YamlTree tree;
    private final FieldReader values;
    /** Where each environment's effective {@code promote_from} and {@code pull_requests} are written. */
    private final Map<String, Node> promoteFromNodes = new LinkedHashMap<>();

    private final Map<String, Node> pullRequestNodes = new LinkedHashMap<>();

    ConfigParser(String source) {
        this.source = source;
        this.tree = new YamlTree(source);
        this.values = new FieldReader(tree);
    }

    JitployConfig parse(String text) {
        if (text.length() > ConfigLoader.MAX_CHARS) {
            throw fail(
                    0,
                    "the file has " + text.length() + " characters, more than the limit of " + ConfigLoader.MAX_CHARS,
                    "a .jitploy.yml is a few kilobytes; check that this is the right file");
        }
        Optional<Node> root;
        try {
            root = YamlTree.compose(text, source);
        } catch (MarkedYamlEngineException e) {
            tree.problem(e.getProblemMark(), "not valid YAML: " + e.getProblem(), "fix the YAML syntax at this spot");
            throw new ConfigValidationException(tree.problems());
        } catch (YamlEngineException e) {
            throw fail(0, "not valid YAML: " + e.getMessage(), "fix the YAML syntax");
        }
        if (root.isEmpty() || YamlTree.isNull(root.get())) {
            throw fail(
                    0,
                    "the file is empty",
                    "start with 'version: 1' and an 'environments:' mapping"
                            + " (see docs/configuration.md) or run 'jitploy init'");
        }
        JitployConfig config = readRoot(root.get());
        List<ConfigProblem> problems = tree.problems();
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
        return config;
    }

    private ConfigValidationException fail(int line, String message, String hint) {
        return new ConfigValidationException(List.of(new ConfigProblem(source, line, 0, message, hint)));
    }

    private JitployConfig readRoot(Node root) {
        Map<String, Entry> top = tree.entries(root, "the top level", TOP_KEYS);
        if (!(root instanceof MappingNode)) {
            return null; // entries() reported it; "missing version/environments" would only be noise
        }
        int version = ConfigLoader.SUPPORTED_VERSION;
        Entry versionEntry = top.get("version");
        if (versionEntry == null) {
            tree.problem(root, "'version' is missing", "add 'version: 1' as the first line");
        } else {
            tree.integer(versionEntry.value(), "version").ifPresent(v -> {
                if (v != ConfigLoader.SUPPORTED_VERSION) {
                    tree.problem(
                            versionEntry.value(),
                            "version " + v + " is not supported by this Jitploy",
                            "use 'version: 1', or upgrade Jitploy if the file was written for a newer one");
                }
            });
        }
        Optional<String> application =
                Optional.ofNullable(top.get("application")).flatMap(entry -> values.name(entry.value(), "application"));
        Recipients escrow = Optional.ofNullable(top.get("escrow"))
                .map(entry -> values.recipients(entry.value(), "escrow"))
                .orElse(Recipients.NONE);
        Map<String, Entry> defaults = Map.of();
        if (top.containsKey("defaults") && !YamlTree.isNull(top.get("defaults").value())) {
            defaults = tree.entries(top.get("defaults").value(), "defaults", ENVIRONMENT_KEYS);
            for (String key : PER_ENVIRONMENT_ONLY) {
                if (defaults.containsKey(key)) {
                    tree.problem(
                            defaults.get(key).keyNode(),
                            "'" + key + "' cannot be set in defaults",
                            "move it to each environment: it must differ between environments");
                }
            }
        }
        List<EnvironmentSpec> environments = new ArrayList<>();
        Entry environmentsEntry = top.get("environments");
        if (environmentsEntry == null) {
            tree.problem(
                    root,
                    "'environments' is missing",
                    "add an 'environments:' mapping, e.g. 'staging:' with"
                            + " 'branches: [main]' and 'file: config/staging.enc.yaml'");
        } else {
            Map<String, Entry> declared = tree.entries(environmentsEntry.value(), "environments", null);
            if (declared.isEmpty() && environmentsEntry.value() instanceof MappingNode) {
                tree.problem(
                        environmentsEntry.value(),
                        "no environment is declared",
                        "add at least one environment under 'environments:'");
            }
            for (Entry environment : declared.values()) {
                readEnvironment(environment, defaults).ifPresent(environments::add);
            }
            crossCheck(declared, environments);
        }
        if (!tree.problems().isEmpty()) {
            return null;
        }
        return new JitployConfig(source, version, application, escrow, environments);
    }

    private Optional<EnvironmentSpec> readEnvironment(Entry entry, Map<String, Entry> defaults) {
        String name = entry.key();
        if (!EnvironmentNames.isValid(name)) {
            tree.problem(entry.keyNode(), "environment name '" + name + "' is not allowed", EnvironmentNames.RULE);
        }
        String where = "environment '" + name + "'";
        Map<String, Entry> fields = new LinkedHashMap<>(defaults);
        fields.keySet().removeAll(PER_ENVIRONMENT_ONLY);
        if (!YamlTree.isNull(entry.value())) {
            fields.putAll(tree.entries(entry.value(), where, ENVIRONMENT_KEYS));
        }
        List<String> branches = values.globs(fields.get("branches"), where + " branches");
        Optional.ofNullable(fields.get("promote_from")).ifPresent(e -> promoteFromNodes.put(name, e.value()));
        Optional.ofNullable(fields.get("pull_requests")).ifPresent(e -> pullRequestNodes.put(name, e.value()));
        boolean pullRequests = Optional.ofNullable(fields.get("pull_requests"))
                .flatMap(e -> tree.bool(e.value(), "pull_requests"))
                .orElse(false);
        Optional<String> file = Optional.ofNullable(fields.get("file")).flatMap(e -> values.path(e.value(), "file"));
        boolean shapeReported = !(entry.value() instanceof MappingNode) && !YamlTree.isNull(entry.value());
        if (!fields.containsKey("file") && !shapeReported) {
            tree.problem(
                    entry.keyNode(),
                    where + " has no 'file'",
                    "add 'file: " + ProjectFileEditor.defaultFile(name) + "' (the encrypted env file, committed)");
        }
        Optional<String> plaintext =
                Optional.ofNullable(fields.get("plaintext")).flatMap(e -> values.path(e.value(), "plaintext"));
        if (plaintext.isPresent() && plaintext.equals(file)) {
            tree.problem(
                    fields.get("plaintext").value(),
                    "'plaintext' is the same path as 'file'",
                    "remove 'plaintext' to use " + EnvironmentSpec.derivePlaintext(file.get()));
        }
        Recipients recipients = Optional.ofNullable(fields.get("recipients"))
                .map(e -> values.recipients(e.value(), where + " recipients"))
                .orElse(Recipients.NONE);
        Optional<String> deploy =
                Optional.ofNullable(fields.get("deploy")).flatMap(e -> tree.string(e.value(), "deploy"));
        Optional<URI> url = Optional.ofNullable(fields.get("url")).flatMap(e -> values.url(e.value(), "url"));
        Optional<String> promoteFrom = Optional.ofNullable(fields.get("promote_from"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .flatMap(e -> tree.string(e.value(), "promote_from"));
        Optional<HealthCheckSpec> health = Optional.ofNullable(fields.get("health"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .flatMap(e -> values.health(e.value(), url));
        Protection protection = Optional.ofNullable(fields.get("protection"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .map(e -> values.protection(e.value()))
                .orElse(Protection.NONE);
        List<FreezeWindow> freezes = Optional.ofNullable(fields.get("freeze"))
                .map(e -> values.freezes(e.value()))
                .orElse(List.of());
        GitHubSettings github = Optional.ofNullable(fields.get("github"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .map(e -> values.github(e.value()))
                .orElse(GitHubSettings.DEFAULT);
        // Without a valid file the configuration is rejected anyway; the spec still takes part in the cross-checks
        // (promotion targets, preview environment) so that every problem is reported in one pass.
        return Optional.of(new EnvironmentSpec(
                name,
                branches,
                pullRequests,
                file.orElse(""),
                plaintext,
                recipients,
                deploy,
                url,
                promoteFrom,
                health,
                protection,
                freezes,
                github,
                Optional.empty()));
    }

    /** promote_from targets, promotion cycles and the single preview environment. */
    private void crossCheck(Map<String, Entry> declared, List<EnvironmentSpec> environments) {
        Map<String, EnvironmentSpec> byName = new LinkedHashMap<>();
        environments.forEach(env -> byName.put(env.name(), env));
        String preview = null;
        for (EnvironmentSpec environment : environments) {
            Entry entry = declared.get(environment.name());
            if (environment.pullRequests()) {
                if (preview != null) {
                    tree.problem(
                            pullRequestNodes.getOrDefault(environment.name(), entry.keyNode()),
                            "environments '" + preview + "' and '" + environment.name()
                                    + "' both have 'pull_requests: true'",
                            "keep 'pull_requests: true' on one environment only: pull requests deploy to a single"
                                    + " preview environment");
                } else {
                    preview = environment.name();
                }
            }
            Node promoteNode = promoteFromNodes.getOrDefault(environment.name(), entry.keyNode());
            environment.promoteFrom().ifPresent(source -> {
                if (source.equals(environment.name())) {
                    tree.problem(
                            promoteNode,
                            "environment '" + source + "' is promoted from itself",
                            "set 'promote_from' to the environment before it, e.g. staging");
                } else if (!declared.containsKey(source)) {
                    tree.problem(
                            promoteNode,
                            "'promote_from: " + source + "' names no environment in this file",
                            YamlTree.suggestion(source, declared.keySet()));
                }
            });
        }
        Set<String> inReportedCycle = new LinkedHashSet<>();
        for (EnvironmentSpec environment : environments) {
            List<String> chain = new ArrayList<>();
            String current = environment.name();
            while (current != null && !chain.contains(current)) {
                chain.add(current);
                EnvironmentSpec next = byName.get(current);
                current = next == null ? null : next.promoteFrom().orElse(null);
            }
            boolean cycle = environment.name().equals(current) && chain.size() > 1;
            if (cycle && !inReportedCycle.contains(environment.name())) {
                inReportedCycle.addAll(chain);
                chain.add(current);
                tree.problem(
                        declared.get(environment.name()).keyNode(),
                        "promotions form a cycle: " + String.join(" <- ", chain),
                        "remove 'promote_from' from the environment that is deployed first");
            }
        }
    }

    static Set<String> ordered(String... keys) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
