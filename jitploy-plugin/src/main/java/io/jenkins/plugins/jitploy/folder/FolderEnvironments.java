package io.jenkins.plugins.jitploy.folder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.model.Item;
import io.jenkins.plugins.jitploy.Messages;
import io.jitploy.config.CronExpression;
import io.jitploy.config.DurationText;
import io.jitploy.config.EnvironmentNames;
import io.jitploy.config.FolderDefaults;
import io.jitploy.config.FolderDefaults.FolderEnvironment;
import io.jitploy.config.FreezeWindow;
import io.jitploy.config.Protection;
import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Hands the environments that apply to an item to the core as {@link FolderDefaults}; the core's
 * {@code JitployConfig.mergeUnder} decides the precedence with the repository's {@code .jitploy.yml}.
 */
public final class FolderEnvironments {
    /** The same defaults as a {@code health:} block of {@code .jitploy.yml} without these fields (ConfigParser). */
    private static final int HEALTH_RETRIES = 3;

    private static final Duration HEALTH_BACKOFF = Duration.ofSeconds(2);
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(60);

    private final List<EnvironmentDefinition> environments;

    private FolderEnvironments(List<EnvironmentDefinition> environments) {
        this.environments = environments;
    }

    /** The environments of the nearest folder that declares some, else the global ones. */
    public static FolderEnvironments of(@NonNull Item item) {
        return new FolderEnvironments(JitployFolderProperty.effectiveFor(item));
    }

    /**
     * The folder defaults in the core's terms.
     *
     * @throws IllegalArgumentException when a declaration cannot be used (no or a bad name, a name declared twice, a
     *     freeze cron, duration or time zone, a URL or a branch pattern that does not parse); the message names the
     *     environment and the field. The forms refuse to save such declarations ({@link #check}), but JCasC and a
     *     hand-edited config.xml do not go through them.
     */
    public FolderDefaults toFolderDefaults() {
        Map<String, FolderEnvironment> map = new LinkedHashMap<>();
        for (EnvironmentDefinition definition : environments) {
            String name = definition.getName();
            if (name == null) {
                throw new IllegalArgumentException("An environment has no name.");
            }
            if (!EnvironmentNames.isValid(name)) {
                throw new IllegalArgumentException(
                        "Environment name '" + name + "': " + Messages.Validation_nameInvalid());
            }
            if (map.put(name, environment(definition)) != null) {
                throw new IllegalArgumentException("Environment '" + name + "' is declared twice.");
            }
        }
        return new FolderDefaults(map);
    }

    /**
     * {@link #toFolderDefaults} for a build or a promotion request: a declaration it cannot use fails it with what to
     * fix, not with a stack trace.
     */
    public FolderDefaults toFolderDefaultsOrAbort() throws AbortException {
        try {
            return toFolderDefaults();
        } catch (IllegalArgumentException e) {
            throw new AbortException("The Jitploy environments declared for this job (in its folder, or under Manage"
                    + " Jenkins > System) cannot be used: " + e.getMessage());
        }
    }

    /**
     * Refuses, when a form saves them, the environments a deploy could not use.
     *
     * @throws IllegalArgumentException naming the environment and the field, as {@link #toFolderDefaults} does
     */
    static void check(List<EnvironmentDefinition> environments) {
        new FolderEnvironments(environments).toFolderDefaults();
    }

    private static FolderEnvironment environment(EnvironmentDefinition definition) {
        String name = definition.getName();
        FolderEnvironment.Builder builder = FolderEnvironment.builder()
                .credentialsId(definition.getCredentialsId())
                .branches(definition.branchPatterns());
        Protection protection = new Protection(
                EnvironmentDefinition.split(definition.getDeployers()),
                EnvironmentDefinition.split(definition.getPromoters()),
                EnvironmentDefinition.split(definition.getLockers()),
                definition.getRequiredApprovals(),
                List.of());
        if (!protection.equals(Protection.NONE)) {
            builder.protection(protection);
        }
        Optional.ofNullable(definition.getUrl())
                .map(url -> field(name, "Environment URL", () -> httpUrl(url)))
                .ifPresent(builder::url);
        Optional.ofNullable(definition.getPromoteFrom()).ifPresent(builder::promoteFrom);
        if (definition.getHealthCheckUrl() != null) {
            builder.health(field(
                    name,
                    "Health check",
                    () -> new HealthCheckSpec(
                            httpUrl(definition.getHealthCheckUrl()),
                            definition.getHealthCheckStatus(),
                            Optional.empty(),
                            HEALTH_RETRIES,
                            HEALTH_BACKOFF,
                            HEALTH_TIMEOUT,
                            definition.isAutoRollback())));
        }
        for (FreezeDefinition window : definition.getFreezes()) {
            builder.freeze(new FreezeWindow(
                    field(name, "Freeze window start (cron)", () -> CronExpression.parse(required(window.getCron()))),
                    field(
                            name,
                            "Freeze window duration",
                            () -> positive(parseDuration(required(window.getDuration())))),
                    field(
                            name,
                            "Freeze window time zone",
                            () -> ZoneId.of(window.getTimezone() == null ? "UTC" : window.getTimezone())),
                    window.getReason() == null ? "freeze" : window.getReason()));
        }
        return field(name, "Branch patterns", builder::build);
    }

    /** As the core reads {@code url:} in {@code .jitploy.yml} (FieldReader.url): an absolute http(s) URL. */
    private static URI httpUrl(String text) {
        try {
            URI uri = new URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("'" + text + "' is not an http(s) URL such as https://staging.example.com");
    }

    private static String required(String value) {
        if (value == null) {
            throw new IllegalArgumentException("required, but empty");
        }
        return value;
    }

    private static Duration positive(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("must be longer than zero");
        }
        return duration;
    }

    /** Runs one conversion; what it refuses (also a time zone, which is not an IllegalArgumentException) names the field. */
    private static <T> T field(String environment, String field, Supplier<T> conversion) {
        try {
            return conversion.get();
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException(
                    "Environment '" + environment + "', " + field + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code 62h}, {@code 8d}, {@code 1h30m}: the duration syntax of {@code .jitploy.yml}, parsed by the core.
     *
     * @throws IllegalArgumentException naming the text that is not a duration
     */
    public static Duration parseDuration(String text) {
        return DurationText.parse(text == null ? "" : text.trim());
    }
}
