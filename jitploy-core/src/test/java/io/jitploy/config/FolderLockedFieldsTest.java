package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.FolderDefaults.FolderEnvironment;
import io.jitploy.config.FolderDefaults.LockableField;
import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The application fields of the precedence table in docs/configuration.md, one at a time: the repository's value
 * wins over the folder's default, unless the folder locks that field, and locking one field leaves the others to
 * the repository.
 */
class FolderLockedFieldsTest {
    private static final JitployConfig REPO = ConfigLoader.parse(
            """
            version: 1
            environments:
              staging:
                branches: [main]
                file: config/staging.enc.yaml
                deploy: ./repo-deploy.sh
                url: https://staging.repo.example.com
                health: {url: https://staging.repo.example.com/health}
            """,
            ".jitploy.yml");

    private static final HealthCheckSpec FOLDER_HEALTH = new HealthCheckSpec(
            URI.create("https://folder.example.com/health"),
            204,
            Optional.empty(),
            1,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            true);

    /** What each lockable field reads on a merged environment. */
    private static final Map<LockableField, Function<EnvironmentSpec, Object>> FIELD = new EnumMap<>(Map.of(
            LockableField.BRANCHES, EnvironmentSpec::branches,
            LockableField.FILE, EnvironmentSpec::file,
            LockableField.DEPLOY, EnvironmentSpec::deploy,
            LockableField.URL, EnvironmentSpec::url,
            LockableField.HEALTH, EnvironmentSpec::healthCheck));

    /** The folder's value of each field, as the merged environment reports it. */
    private static final Map<LockableField, Object> FOLDER_VALUE = new EnumMap<>(Map.of(
            LockableField.BRANCHES, List.of("develop"),
            LockableField.FILE, "ops/staging.enc.yaml",
            LockableField.DEPLOY, Optional.of("./folder-deploy.sh"),
            LockableField.URL, Optional.of(URI.create("https://folder.example.com")),
            LockableField.HEALTH, Optional.of(FOLDER_HEALTH)));

    private static FolderEnvironment.Builder folderValues() {
        return FolderEnvironment.builder()
                .branches(List.of("develop"))
                .file("ops/staging.enc.yaml")
                .deploy("./folder-deploy.sh")
                .url(URI.create("https://folder.example.com"))
                .health(FOLDER_HEALTH);
    }

    private static EnvironmentSpec merged(FolderEnvironment folder) {
        return REPO.mergeUnder(new FolderDefaults(Map.of("staging", folder)))
                .environment("staging")
                .orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(LockableField.class)
    void aLockedFieldTakesTheFoldersValueAndOnlyThatField(LockableField locked) {
        EnvironmentSpec repository = REPO.environment("staging").orElseThrow();
        EnvironmentSpec unlocked = merged(folderValues().build());
        EnvironmentSpec withLock = merged(folderValues().lock(locked).build());

        assertThat(FIELD).containsKey(locked);
        for (LockableField field : LockableField.values()) {
            Object repositoryValue = FIELD.get(field).apply(repository);
            assertThat(repositoryValue).as("%s is set by the repository", field).isNotEqualTo(FOLDER_VALUE.get(field));
            assertThat(FIELD.get(field).apply(unlocked))
                    .as("%s without a lock", field)
                    .isEqualTo(repositoryValue);
            assertThat(FIELD.get(field).apply(withLock))
                    .as("%s with %s locked", field, locked)
                    .isEqualTo(field == locked ? FOLDER_VALUE.get(field) : repositoryValue);
        }
    }
}
