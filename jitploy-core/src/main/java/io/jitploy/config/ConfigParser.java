package io.jitploy.config;

import io.jitploy.config.YamlTree.Entry;
import io.jitploy.config.YamlTree.Item;
import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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

    static final Set<String> RECIPIENT_KEYS = ordered("age", "pgp");
    static final Set<String> HEALTH_KEYS =
            ordered("url", "expect_status", "body_regex", "retries", "backoff", "timeout", "auto_rollback");
    static final Set<String> PROTECTION_KEYS =
            ordered("deployers", "promoters", "lockers", "required_approvals", "branches");
    static final Set<String> FREEZE_KEYS = ordered("cron", "duration", "timezone", "reason");
    static final Set<String> GITHUB_KEYS = ordered("required_contexts", "deployments");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
    private static final Pattern AGE_RECIPIENT = Pattern.compile("age1[02-9ac-hj-np-z]{58}");
    private static final Pattern PGP_FINGERPRINT = Pattern.compile("(?:[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})");
    private static final Instant CRON_PROBE = Instant.parse("2000-01-01T00:00:00Z");

    private final String source;
    private final YamlTree tree;
    /** Where each environment's effective {@code promote_from} and {@code pull_requests} are written. */
    private final Map<String, Node> promoteFromNodes = new LinkedHashMap<>();

    private final Map<String, Node> pullRequestNodes = new LinkedHashMap<>();

    ConfigParser(String source) {
        this.source = source;
        this.tree = new YamlTree(source);
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
                Optional.ofNullable(top.get("application")).flatMap(entry -> name(entry.value(), "application"));
        Recipients escrow = Optional.ofNullable(top.get("escrow"))
                .map(entry -> recipients(entry.value(), "escrow"))
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
        if (!NAME.matcher(name).matches()) {
            tree.problem(
                    entry.keyNode(),
                    "environment name '" + name + "' is not allowed",
                    "use letters, digits, '.', '_' or '-' (at most 63), starting with a letter or digit");
        }
        String where = "environment '" + name + "'";
        Map<String, Entry> fields = new LinkedHashMap<>(defaults);
        fields.keySet().removeAll(PER_ENVIRONMENT_ONLY);
        if (!YamlTree.isNull(entry.value())) {
            fields.putAll(tree.entries(entry.value(), where, ENVIRONMENT_KEYS));
        }
        List<String> branches = globs(fields.get("branches"), where + " branches");
        Optional.ofNullable(fields.get("promote_from")).ifPresent(e -> promoteFromNodes.put(name, e.value()));
        Optional.ofNullable(fields.get("pull_requests")).ifPresent(e -> pullRequestNodes.put(name, e.value()));
        boolean pullRequests = Optional.ofNullable(fields.get("pull_requests"))
                .flatMap(e -> tree.bool(e.value(), "pull_requests"))
                .orElse(false);
        Optional<String> file = Optional.ofNullable(fields.get("file")).flatMap(e -> path(e.value(), "file"));
        if (!fields.containsKey("file")) {
            tree.problem(
                    entry.keyNode(),
                    where + " has no 'file'",
                    "add 'file: " + ProjectFileEditor.defaultFile(name) + "' (the encrypted env file, committed)");
        }
        Optional<String> plaintext =
                Optional.ofNullable(fields.get("plaintext")).flatMap(e -> path(e.value(), "plaintext"));
        if (plaintext.isPresent() && plaintext.equals(file)) {
            tree.problem(
                    fields.get("plaintext").value(),
                    "'plaintext' is the same path as 'file'",
                    "remove 'plaintext' to use " + EnvironmentSpec.derivePlaintext(file.get()));
        }
        Recipients recipients = Optional.ofNullable(fields.get("recipients"))
                .map(e -> recipients(e.value(), where + " recipients"))
                .orElse(Recipients.NONE);
        Optional<String> deploy =
                Optional.ofNullable(fields.get("deploy")).flatMap(e -> tree.string(e.value(), "deploy"));
        Optional<URI> url = Optional.ofNullable(fields.get("url")).flatMap(e -> url(e.value(), "url"));
        Optional<String> promoteFrom = Optional.ofNullable(fields.get("promote_from"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .flatMap(e -> tree.string(e.value(), "promote_from"));
        Optional<HealthCheckSpec> health = Optional.ofNullable(fields.get("health"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .flatMap(e -> health(e.value(), url));
        Protection protection = Optional.ofNullable(fields.get("protection"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .map(e -> protection(e.value()))
                .orElse(Protection.NONE);
        List<FreezeWindow> freezes = Optional.ofNullable(fields.get("freeze"))
                .map(e -> freezes(e.value()))
                .orElse(List.of());
        GitHubSettings github = Optional.ofNullable(fields.get("github"))
                .filter(e -> !YamlTree.isNull(e.value()))
                .map(e -> github(e.value()))
                .orElse(GitHubSettings.DEFAULT);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new EnvironmentSpec(
                name,
                branches,
                pullRequests,
                file.get(),
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

    private Optional<String> name(Node node, String what) {
        return tree.string(node, what).filter(value -> {
            if (NAME.matcher(value).matches()) {
                return true;
            }
            tree.problem(
                    node,
                    what + " '" + value + "' is not a valid name",
                    "use letters, digits, '.', '_' or '-' (at most 63), starting with a letter or digit");
            return false;
        });
    }

    private Optional<String> path(Node node, String what) {
        return tree.string(node, what).filter(value -> {
            boolean escapes = value.startsWith("/")
                    || value.matches("^[A-Za-z]:.*")
                    || value.contains("\\")
                    || List.of(value.split("/")).contains("..");
            if (escapes) {
                tree.problem(
                        node,
                        what + " '" + value + "' is not a path inside the repository",
                        "write a relative path with '/' and no '..', e.g. config/staging.enc.yaml");
            }
            return !escapes;
        });
    }

    private Optional<URI> url(Node node, String what) {
        return tree.string(node, what).flatMap(value -> {
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return Optional.of(uri);
                }
            } catch (URISyntaxException malformed) {
                // reported below
            }
            tree.problem(
                    node,
                    what + " '" + value + "' is not an http(s) URL",
                    "write a full URL such as https://staging.example.com");
            return Optional.empty();
        });
    }

    private List<String> globs(Entry entry, String what) {
        if (entry == null) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (Item item : tree.strings(entry.value(), what)) {
            try {
                BranchGlob.parse(item.value());
                result.add(item.value());
            } catch (IllegalArgumentException bad) {
                tree.problem(
                        item.node(),
                        "bad branch pattern: " + bad.getMessage(),
                        "use '*' within a segment, '**' for any number of segments, '?' for one character");
            }
        }
        return result;
    }

    private Recipients recipients(Node node, String what) {
        Map<String, Entry> fields = tree.entries(node, what, RECIPIENT_KEYS);
        List<String> age = new ArrayList<>();
        List<String> pgp = new ArrayList<>();
        if (fields.containsKey("age")) {
            for (Item item : tree.strings(fields.get("age").value(), what + " age")) {
                if (AGE_RECIPIENT.matcher(item.value()).matches()) {
                    age.add(item.value());
                } else {
                    tree.problem(
                            item.node(),
                            "'" + abbreviate(item.value()) + "' is not an age recipient",
                            "paste the public key printed by 'jitploy keygen' or 'age-keygen -y' (age1 followed by"
                                    + " 58 lower-case characters)");
                }
            }
        }
        if (fields.containsKey("pgp")) {
            for (Item item : tree.strings(fields.get("pgp").value(), what + " pgp")) {
                if (PGP_FINGERPRINT.matcher(item.value().replace(" ", "")).matches()) {
                    pgp.add(item.value());
                } else {
                    tree.problem(
                            item.node(),
                            "'" + abbreviate(item.value()) + "' is not an OpenPGP fingerprint",
                            "write the key's full fingerprint (40 hex digits), as 'gpg --fingerprint' shows it");
                }
            }
        }
        return new Recipients(age, pgp);
    }

    private Optional<HealthCheckSpec> health(Node node, Optional<URI> environmentUrl) {
        Map<String, Entry> fields = tree.entries(node, "health", HEALTH_KEYS);
        Optional<URI> url = fields.containsKey("url") ? url(fields.get("url").value(), "health url") : environmentUrl;
        if (!fields.containsKey("url") && environmentUrl.isEmpty()) {
            tree.problem(
                    node,
                    "the health check has no URL",
                    "add 'url:' under health, or an environment 'url:' that the check can use");
        }
        int status = 200;
        if (fields.containsKey("expect_status")) {
            Node statusNode = fields.get("expect_status").value();
            Optional<Integer> parsed = tree.integer(statusNode, "expect_status");
            if (parsed.isPresent() && (parsed.get() < 100 || parsed.get() > 599)) {
                tree.problem(
                        statusNode,
                        "expect_status " + parsed.get() + " is not an HTTP status",
                        "use a status between 100 and 599, usually 200");
            } else if (parsed.isPresent()) {
                status = parsed.get();
            }
        }
        Optional<Pattern> body = Optional.empty();
        if (fields.containsKey("body_regex")) {
            Node regexNode = fields.get("body_regex").value();
            body = tree.string(regexNode, "body_regex").flatMap(regex -> {
                try {
                    return Optional.of(Pattern.compile(regex));
                } catch (PatternSyntaxException bad) {
                    tree.problem(
                            regexNode,
                            "body_regex is not a valid regular expression: " + bad.getDescription(),
                            "fix the expression (Java regex syntax), or quote special characters");
                    return Optional.empty();
                }
            });
        }
        int retries = 3;
        if (fields.containsKey("retries")) {
            Node retriesNode = fields.get("retries").value();
            Optional<Integer> parsed = tree.integer(retriesNode, "retries");
            if (parsed.isPresent() && parsed.get() < 0) {
                tree.problem(retriesNode, "retries cannot be negative", "use 0 for a single attempt");
            } else if (parsed.isPresent()) {
                retries = parsed.get();
            }
        }
        Duration backoff = duration(fields.get("backoff"), "backoff").orElse(Duration.ofSeconds(2));
        Duration timeout = duration(fields.get("timeout"), "timeout").orElse(Duration.ofSeconds(60));
        boolean autoRollback = Optional.ofNullable(fields.get("auto_rollback"))
                .flatMap(e -> tree.bool(e.value(), "auto_rollback"))
                .orElse(false);
        int expectStatus = status;
        int attempts = retries;
        Optional<Pattern> bodyPattern = body;
        return url.map(
                uri -> new HealthCheckSpec(uri, expectStatus, bodyPattern, attempts, backoff, timeout, autoRollback));
    }

    private Optional<Duration> duration(Entry entry, String what) {
        if (entry == null) {
            return Optional.empty();
        }
        return tree.string(entry.value(), what).flatMap(text -> {
            try {
                Duration duration = DurationText.parse(text);
                if (!duration.isZero()) {
                    return Optional.of(duration);
                }
                tree.problem(entry.value(), what + " must be longer than zero", "write e.g. 30s, 5m or 1h30m");
            } catch (IllegalArgumentException bad) {
                tree.problem(
                        entry.value(),
                        what + ": " + bad.getMessage(),
                        "write a number and a unit, largest first: d, h, m, s, ms (e.g. 62h, 1h30m, 2s)");
            }
            return Optional.empty();
        });
    }

    private Protection protection(Node node) {
        Map<String, Entry> fields = tree.entries(node, "protection", PROTECTION_KEYS);
        int approvals = 0;
        if (fields.containsKey("required_approvals")) {
            Node approvalsNode = fields.get("required_approvals").value();
            Optional<Integer> parsed = tree.integer(approvalsNode, "required_approvals");
            if (parsed.isPresent() && parsed.get() < 0) {
                tree.problem(approvalsNode, "required_approvals cannot be negative", "use 0 for no approval");
            } else if (parsed.isPresent()) {
                approvals = parsed.get();
            }
        }
        return new Protection(
                people(fields.get("deployers"), "deployers"),
                people(fields.get("promoters"), "promoters"),
                people(fields.get("lockers"), "lockers"),
                approvals,
                globs(fields.get("branches"), "protection branches"));
    }

    private List<String> people(Entry entry, String what) {
        return entry == null
                ? List.of()
                : tree.strings(entry.value(), what).stream().map(Item::value).toList();
    }

    private List<FreezeWindow> freezes(Node node) {
        List<FreezeWindow> result = new ArrayList<>();
        for (Node element : tree.sequence(node, "freeze")) {
            Map<String, Entry> fields = tree.entries(element, "a freeze window", FREEZE_KEYS);
            if (!(element instanceof MappingNode)) {
                continue;
            }
            Optional<CronExpression> cron = Optional.empty();
            if (fields.containsKey("cron")) {
                Node cronNode = fields.get("cron").value();
                cron = tree.string(cronNode, "cron").flatMap(text -> cron(cronNode, text));
            } else {
                tree.problem(element, "the freeze window has no 'cron'", "add e.g. cron: \"0 18 * * FRI\"");
            }
            Optional<Duration> duration = duration(fields.get("duration"), "duration");
            if (!fields.containsKey("duration")) {
                tree.problem(element, "the freeze window has no 'duration'", "add e.g. duration: 62h");
            }
            ZoneId zone = ZoneOffset.UTC;
            if (fields.containsKey("timezone")) {
                Node zoneNode = fields.get("timezone").value();
                Optional<String> zoneText = tree.string(zoneNode, "timezone");
                if (zoneText.isPresent()) {
                    try {
                        zone = ZoneId.of(zoneText.get());
                    } catch (DateTimeException bad) {
                        tree.problem(
                                zoneNode,
                                "'" + zoneText.get() + "' is not a time zone",
                                "use an IANA zone name such as Europe/Paris, America/New_York or UTC");
                    }
                }
            }
            String reason = Optional.ofNullable(fields.get("reason"))
                    .flatMap(e -> tree.string(e.value(), "reason"))
                    .orElse("freeze");
            if (cron.isPresent() && duration.isPresent()) {
                result.add(new FreezeWindow(cron.get(), duration.get(), zone, reason));
            }
        }
        return result;
    }

    private Optional<CronExpression> cron(Node node, String text) {
        try {
            CronExpression cron = CronExpression.parse(text);
            FreezeWindow probe = new FreezeWindow(cron, Duration.ofMinutes(1), ZoneOffset.UTC, "probe");
            if (probe.nextStart(CRON_PROBE).isEmpty()) {
                tree.problem(
                        node,
                        "cron '" + text + "' never fires (no such date)",
                        "check the day of month and month, e.g. February has no 30th");
                return Optional.empty();
            }
            return Optional.of(cron);
        } catch (IllegalArgumentException bad) {
            tree.problem(
                    node,
                    "bad cron: " + bad.getMessage(),
                    "write minute hour day-of-month month day-of-week, e.g. \"0 18 * * FRI\"");
            return Optional.empty();
        }
    }

    private GitHubSettings github(Node node) {
        Map<String, Entry> fields = tree.entries(node, "github", GITHUB_KEYS);
        List<String> contexts = people(fields.get("required_contexts"), "required_contexts");
        boolean deployments = Optional.ofNullable(fields.get("deployments"))
                .flatMap(e -> tree.bool(e.value(), "deployments"))
                .orElse(true);
        return new GitHubSettings(contexts, deployments);
    }

    /** Recipients are public, but a pasted secret key must not be echoed in full into CI logs. */
    private static String abbreviate(String value) {
        if (value.startsWith("AGE-SECRET-KEY")) {
            return "AGE-SECRET-KEY-… (a secret identity, not a recipient!)";
        }
        return value.length() > 24 ? value.substring(0, 20) + "…" : value;
    }

    private static Set<String> ordered(String... keys) {
        return java.util.Collections.unmodifiableSet(new LinkedHashSet<>(List.of(keys)));
    }
}
