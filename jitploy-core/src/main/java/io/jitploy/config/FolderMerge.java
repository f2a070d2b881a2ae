package io.jitploy.config;

import io.jitploy.config.FolderDefaults.FolderEnvironment;
import io.jitploy.config.FolderDefaults.LockableField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one precedence between folder defaults and a repository file (documented in docs/configuration.md):
 * security-relevant fields come from the folder when it sets them, application fields from the repository
 * unless the folder locks them, and freezes are the union of both.
 */
final class FolderMerge {
    private static final String FOLDER = "folder settings";

    private FolderMerge() {}

    static JitployConfig merge(JitployConfig repository, FolderDefaults folder) {
        List<EnvironmentSpec> merged = new ArrayList<>();
        for (EnvironmentSpec environment : repository.environments()) {
            FolderEnvironment defaults = folder.environments().get(environment.name());
            merged.add(defaults == null ? environment : merge(environment, defaults));
        }
        for (Map.Entry<String, FolderEnvironment> entry : folder.environments().entrySet()) {
            if (repository.environment(entry.getKey()).isEmpty()) {
                merged.add(folderOnly(entry.getKey(), entry.getValue()));
            }
        }
        checkPromotions(merged);
        return new JitployConfig(
                repository.source(), repository.version(), repository.application(), repository.escrow(), merged);
    }

    /**
     * A folder's {@code promote_from} is checked here, against the merged environments, because the repository's
     * parser never saw it: it must name an environment and must not close a cycle.
     */
    private static void checkPromotions(List<EnvironmentSpec> merged) {
        Map<String, EnvironmentSpec> byName = new LinkedHashMap<>();
        merged.forEach(environment -> byName.put(environment.name(), environment));
        List<ConfigProblem> problems = new ArrayList<>();
        for (EnvironmentSpec environment : merged) {
            environment.promoteFrom().ifPresent(source -> {
                if (!byName.containsKey(source) || source.equals(environment.name())) {
                    problems.add(new ConfigProblem(
                            FOLDER,
                            0,
                            0,
                            "environment '" + environment.name() + "' is promoted from '" + source
                                    + "', which is not another environment of this project",
                            "in the folder's Jitploy environments, set the promotion source of '" + environment.name()
                                    + "' to one of " + byName.keySet() + ", or leave it empty"));
                }
            });
        }
        for (EnvironmentSpec environment : merged) {
            List<String> chain = new ArrayList<>();
            String current = environment.name();
            while (current != null && !chain.contains(current) && byName.containsKey(current)) {
                chain.add(current);
                current = byName.get(current).promoteFrom().orElse(null);
            }
            if (environment.name().equals(current)
                    && chain.size() > 1
                    && environment.name().equals(firstOf(chain))) {
                chain.add(current);
                problems.add(new ConfigProblem(
                        FOLDER,
                        0,
                        0,
                        "with the folder's promotion sources, promotions form a cycle: " + String.join(" <- ", chain),
                        "clear the promotion source of the environment that is deployed first, in the folder or in"
                                + " .jitploy.yml"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigValidationException(problems);
        }
    }

    /** The cycle is reported once, from its alphabetically first member. */
    private static String firstOf(List<String> cycle) {
        return cycle.stream().sorted().findFirst().orElseThrow();
    }

    private static EnvironmentSpec merge(EnvironmentSpec repo, FolderEnvironment folder) {
        List<FreezeWindow> freezes = new ArrayList<>(folder.freezes());
        repo.freezes().stream().filter(window -> !freezes.contains(window)).forEach(freezes::add);
        return new EnvironmentSpec(
                repo.name(),
                pick(folder, LockableField.BRANCHES, repo.branches(), folder.branches()),
                repo.pullRequests(),
                pick(folder, LockableField.FILE, Optional.of(repo.file()), folder.file())
                        .orElse(repo.file()),
                repo.plaintext(),
                repo.recipients(),
                pick(folder, LockableField.DEPLOY, repo.deploy(), folder.deploy()),
                pick(folder, LockableField.URL, repo.url(), folder.url()),
                folder.promoteFrom().or(repo::promoteFrom),
                pick(folder, LockableField.HEALTH, repo.health(), folder.health()),
                folder.protection()
                        .map(admin -> protection(admin, repo.protection()))
                        .orElse(repo.protection()),
                freezes,
                repo.github(),
                folder.credentialsId().or(repo::credentialsId));
    }

    /**
     * The repository value, unless the folder locks the field (then the folder's, even if empty) or the
     * repository sets nothing (then the folder's default).
     */
    private static <T> T pick(FolderEnvironment folder, LockableField field, T repo, T fromFolder) {
        if (folder.locked().contains(field) || isEmpty(repo)) {
            return fromFolder;
        }
        return repo;
    }

    private static boolean isEmpty(Object value) {
        return value instanceof Optional<?> optional && optional.isEmpty()
                || value instanceof List<?> list && list.isEmpty();
    }

    /**
     * Each list the administrator set replaces the repository's; approvals can only go up. The administrator's
     * empty {@code promoters} and {@code lockers} fall back to the administrator's {@code deployers} first, as they
     * would on their own: otherwise naming deployers on the folder would let a repository name its own promoters.
     */
    private static Protection protection(Protection admin, Protection repo) {
        List<String> adminPromoters = admin.promoters().isEmpty() ? admin.deployers() : admin.promoters();
        List<String> adminLockers = admin.lockers().isEmpty() ? admin.deployers() : admin.lockers();
        return new Protection(
                admin.deployers().isEmpty() ? repo.deployers() : admin.deployers(),
                adminPromoters.isEmpty() ? repo.promoters() : adminPromoters,
                adminLockers.isEmpty() ? repo.lockers() : adminLockers,
                Math.max(admin.requiredApprovals(), repo.requiredApprovals()),
                admin.branches().isEmpty() ? repo.branches() : admin.branches());
    }

    private static EnvironmentSpec folderOnly(String name, FolderEnvironment folder) {
        return new EnvironmentSpec(
                name,
                folder.branches(),
                false,
                folder.file().orElse(ProjectFileEditor.defaultFile(name)),
                Optional.empty(),
                Recipients.NONE,
                folder.deploy(),
                folder.url(),
                folder.promoteFrom(),
                folder.health(),
                folder.protection().orElse(Protection.NONE),
                folder.freezes(),
                GitHubSettings.DEFAULT,
                folder.credentialsId());
    }
}
