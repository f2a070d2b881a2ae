package io.jitploy.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed and validated {@code .jitploy.yml}. Build one with {@link ConfigLoader}.
 *
 * @param source where it was read from, used in messages
 * @param version the schema version (always {@value ConfigLoader#SUPPORTED_VERSION} today)
 * @param application the application name, when the file sets one (else the job or repository name is used)
 * @param escrow break-glass recipients every environment's file must also be encrypted for
 * @param environments the environments in declaration order (the order branch mapping tries them in)
 */
public record JitployConfig(
        String source,
        int version,
        Optional<String> application,
        Recipients escrow,
        List<EnvironmentSpec> environments) {

    public JitployConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(escrow, "escrow");
        environments = List.copyOf(Objects.requireNonNull(environments, "environments"));
        Map<String, EnvironmentSpec> seen = new LinkedHashMap<>();
        for (EnvironmentSpec environment : environments) {
            if (seen.put(environment.name(), environment) != null) {
                throw new IllegalArgumentException("environment '" + environment.name() + "' is declared twice");
            }
        }
    }

    /** The environment called {@code name}. */
    public Optional<EnvironmentSpec> environment(String name) {
        return environments.stream().filter(env -> env.name().equals(name)).findFirst();
    }

    /** Environment names in declaration order. */
    public List<String> environmentNames() {
        return environments.stream().map(EnvironmentSpec::name).toList();
    }

    /** Maps branches and pull requests to environments. */
    public BranchMapping branchMapping() {
        return new BranchMapping(environments);
    }

    /**
     * Everyone the file of {@code environment} must be encrypted for: its own recipients plus the escrow ones.
     * {@code jitploy check} compares a file's recipients with this set.
     */
    public Recipients requiredRecipients(EnvironmentSpec environment) {
        return environment.recipients().union(escrow);
    }

    /**
     * This repository configuration combined with folder defaults set by a Jenkins administrator. See
     * docs/configuration.md, "Folder defaults", for the precedence: the folder wins for security-relevant
     * fields, the repository for application fields unless the folder locks them.
     */
    public JitployConfig mergeUnder(FolderDefaults folder) {
        return FolderMerge.merge(this, folder);
    }
}
