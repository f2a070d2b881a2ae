package io.jenkins.plugins.jitploy.folder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import io.jitploy.config.FolderDefaults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands the environments that apply to an item to the core. They are rendered in the documented
 * {@code .jitploy.yml} schema (as JSON, which is YAML) so that the core validates and merges them with the same
 * code and precedence as the repository's own file; the plugin takes no configuration decision itself.
 */
public final class FolderEnvironments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Item item;
    private final List<EnvironmentDefinition> environments;

    private FolderEnvironments(Item item, List<EnvironmentDefinition> environments) {
        this.item = item;
        this.environments = environments;
    }

    /** The environments of the nearest folder that declares some, else the global ones. */
    public static FolderEnvironments of(@NonNull Item item) {
        return new FolderEnvironments(item, JitployFolderProperty.effectiveFor(item));
    }

    public List<EnvironmentDefinition> definitions() {
        return environments;
    }

    /** The id of the credential that holds the key of {@code environment}, as declared for this item. */
    public Optional<String> credentialsId(String environment) {
        return environments.stream()
                .filter(e -> e.getName().equals(environment))
                .map(EnvironmentDefinition::getCredentialsId)
                .filter(id -> id != null)
                .findFirst();
    }

    /** The folder defaults in the core's terms. */
    public FolderDefaults toFolderDefaults() {
        return FolderDefaults.parse(toConfigText(), "Jitploy environments of " + item.getFullName());
    }

    /** The declarations as a {@code .jitploy.yml} document; credentials ids stay on the Jenkins side. */
    String toConfigText() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", 1);
        Map<String, Object> envs = new LinkedHashMap<>();
        for (EnvironmentDefinition definition : environments) {
            envs.put(definition.getName(), environment(definition));
        }
        document.put("environments", envs);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Plain maps and strings always serialise", e);
        }
    }

    private static Map<String, Object> environment(EnvironmentDefinition definition) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (!definition.branchPatterns().isEmpty()) {
            env.put("branches", definition.branchPatterns());
        }
        putIfSet(env, "url", definition.getUrl());
        putIfSet(env, "promote_from", definition.getPromoteFrom());
        Map<String, Object> protection = new LinkedHashMap<>();
        putList(protection, "deployers", definition.getDeployers());
        putList(protection, "promoters", definition.getPromoters());
        putList(protection, "lockers", definition.getLockers());
        if (definition.getRequiredApprovals() > 0) {
            protection.put("required_approvals", definition.getRequiredApprovals());
        }
        if (!protection.isEmpty()) {
            env.put("protection", protection);
        }
        if (definition.getHealthCheckUrl() != null) {
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("url", definition.getHealthCheckUrl());
            health.put("expect_status", definition.getHealthCheckStatus());
            health.put("auto_rollback", definition.isAutoRollback());
            env.put("health", health);
        }
        List<Map<String, Object>> freezes = new ArrayList<>();
        for (FreezeWindow window : definition.getFreezes()) {
            Map<String, Object> freeze = new LinkedHashMap<>();
            freeze.put("cron", window.getCron());
            freeze.put("duration", window.getDuration());
            freeze.put("timezone", window.getTimezone());
            putIfSet(freeze, "reason", window.getReason());
            freezes.add(freeze);
        }
        if (!freezes.isEmpty()) {
            env.put("freeze", freezes);
        }
        return env;
    }

    private static void putIfSet(Map<String, Object> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    private static void putList(Map<String, Object> map, String key, String commaSeparated) {
        List<String> values = EnvironmentDefinition.split(commaSeparated);
        if (!values.isEmpty()) {
            map.put(key, values);
        }
    }
}
