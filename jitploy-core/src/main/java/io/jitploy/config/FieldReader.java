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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and checks the typed values of an environment (paths, URLs, recipients, health, protection, freezes). */
final class FieldReader {
    static final Set<String> RECIPIENT_KEYS = ordered("age", "pgp");
    static final Set<String> HEALTH_KEYS =
            ordered("url", "expect_status", "body_regex", "retries", "backoff", "timeout", "auto_rollback");
    static final Set<String> PROTECTION_KEYS =
            ordered("deployers", "promoters", "lockers", "required_approvals", "branches");
    static final Set<String> FREEZE_KEYS = ordered("cron", "duration", "timezone", "reason");
    static final Set<String> GITHUB_KEYS = ordered("required_contexts", "deployments");
    private static final Pattern AGE_RECIPIENT = Pattern.compile("age1[02-9ac-hj-np-z]{58}");
    private static final Pattern PGP_FINGERPRINT = Pattern.compile("(?:[0-9A-Fa-f]{40}|[0-9A-Fa-f]{64})");
    private static final Instant CRON_PROBE = Instant.parse("2000-01-01T00:00:00Z");

    private final YamlTree tree;

    FieldReader(YamlTree tree) {
        this.tree = tree;
    }

    Optional<String> name(Node node, String what) {
        return tree.string(node, what).filter(value -> {
            if (EnvironmentNames.isValid(value)) {
                return true;
            }
            tree.problem(node, what + " '" + value + "' is not a valid name", EnvironmentNames.RULE);
            return false;
        });
    }

    Optional<String> path(Node node, String what) {
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

    Optional<URI> url(Node node, String what) {
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

    List<String> globs(Entry entry, String what) {
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

    Recipients recipients(Node node, String what) {
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

    Optional<HealthCheckSpec> health(Node node, Optional<URI> environmentUrl) {
        Map<String, Entry> fields = tree.entries(node, "health", HEALTH_KEYS);
        Optional<URI> url = fields.containsKey("url") ? url(fields.get("url").value(), "health url") : environmentUrl;
        if (!fields.containsKey("url") && environmentUrl.isEmpty()) {
            tree.problem(
                    node,
                    "the health check has no URL",
                    "add 'url:' under health, or an environment 'url:' that the check can use");
        }
        int status = bounded(fields.get("expect_status"), 100, 599, "use a status between 100 and 599, usually 200")
                .orElse(200);
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
        int retries = bounded(fields.get("retries"), 0, Integer.MAX_VALUE, "use 0 for a single attempt")
                .orElse(3);
        Duration backoff = duration(fields.get("backoff"), "backoff").orElse(Duration.ofSeconds(2));
        Duration timeout = duration(fields.get("timeout"), "timeout").orElse(Duration.ofSeconds(60));
        boolean autoRollback = Optional.ofNullable(fields.get("auto_rollback"))
                .flatMap(e -> tree.bool(e.value(), "auto_rollback"))
                .orElse(false);
        Optional<Pattern> bodyPattern = body;
        return url.map(uri -> new HealthCheckSpec(uri, status, bodyPattern, retries, backoff, timeout, autoRollback));
    }

    /** A whole number in {@code [min, max]}; empty (after reporting) when absent, mistyped or out of range. */
    Optional<Integer> bounded(Entry entry, int min, int max, String hint) {
        if (entry == null) {
            return Optional.empty();
        }
        return tree.integer(entry.value(), entry.key()).filter(value -> {
            if (value >= min && value <= max) {
                return true;
            }
            String range = max == Integer.MAX_VALUE ? "cannot be negative" : "must be between " + min + " and " + max;
            tree.problem(entry.value(), entry.key() + " " + value + " is out of range: it " + range, hint);
            return false;
        });
    }

    Optional<Duration> duration(Entry entry, String what) {
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

    Protection protection(Node node) {
        Map<String, Entry> fields = tree.entries(node, "protection", PROTECTION_KEYS);
        int approvals = bounded(fields.get("required_approvals"), 0, Integer.MAX_VALUE, "use 0 for no approval")
                .orElse(0);
        return new Protection(
                people(fields.get("deployers"), "deployers"),
                people(fields.get("promoters"), "promoters"),
                people(fields.get("lockers"), "lockers"),
                approvals,
                globs(fields.get("branches"), "protection branches"));
    }

    List<String> people(Entry entry, String what) {
        return entry == null
                ? List.of()
                : tree.strings(entry.value(), what).stream().map(Item::value).toList();
    }

    List<FreezeWindow> freezes(Node node) {
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

    Optional<CronExpression> cron(Node node, String text) {
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

    GitHubSettings github(Node node) {
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
        return ConfigParser.ordered(keys);
    }
}
