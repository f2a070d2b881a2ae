package io.jenkins.plugins.jitploy.folder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import io.jitploy.config.CronExpression;
import io.jitploy.config.DurationText;
import io.jitploy.config.FolderDefaults;
import io.jitploy.config.FolderDefaults.FolderEnvironment;
import io.jitploy.config.FreezeWindow;
import io.jitploy.config.Protection;
import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
     * @throws IllegalArgumentException when a stored value no longer parses (e.g. a freeze cron written by hand in
     *     config.xml); the message names the field
     */
    public FolderDefaults toFolderDefaults() {
        Map<String, FolderEnvironment> map = new LinkedHashMap<>();
        for (EnvironmentDefinition definition : environments) {
            map.put(definition.getName(), environment(definition));
        }
        return new FolderDefaults(map);
    }

    private static FolderEnvironment environment(EnvironmentDefinition definition) {
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
        Optional.ofNullable(definition.getUrl()).map(URI::create).ifPresent(builder::url);
        Optional.ofNullable(definition.getPromoteFrom()).ifPresent(builder::promoteFrom);
        if (definition.getHealthCheckUrl() != null) {
            builder.health(new HealthCheckSpec(
                    URI.create(definition.getHealthCheckUrl()),
                    definition.getHealthCheckStatus(),
                    Optional.empty(),
                    HEALTH_RETRIES,
                    HEALTH_BACKOFF,
                    HEALTH_TIMEOUT,
                    definition.isAutoRollback()));
        }
        for (FreezeDefinition window : definition.getFreezes()) {
            builder.freeze(new FreezeWindow(
                    CronExpression.parse(window.getCron()),
                    parseDuration(window.getDuration()),
                    ZoneId.of(window.getTimezone()),
                    window.getReason() == null ? "freeze" : window.getReason()));
        }
        return builder.build();
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
