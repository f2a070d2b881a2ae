package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.config.FolderDefaults.FolderEnvironment;
import io.jitploy.config.FolderDefaults.LockableField;
import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FolderMergeTest {
    private static final String REPO = "version: 1\nenvironments:\n"
            + "  staging:\n"
            + "    branches: [main]\n"
            + "    file: config/staging.enc.yaml\n"
            + "    deploy: ./repo-deploy.sh\n"
            + "    url: https://staging.repo.example.com\n"
            + "  production:\n"
            + "    promote_from: staging\n"
            + "    file: config/production.enc.yaml\n"
            + "    deploy: ./repo-deploy.sh\n"
            + "    url: https://repo.example.com\n"
            + "    protection: {deployers: [dev-team], promoters: [dev-team], required_approvals: 2,"
            + " branches: ['**']}\n"
            + "    freeze: [{cron: '0 9 * * MON', duration: 1h, reason: standup}]\n";

    private final JitployConfig repo = ConfigLoader.parse(REPO, ".jitploy.yml");

    private static final FreezeWindow WEEKEND =
            new FreezeWindow(CronExpression.parse("0 18 * * FRI"), Duration.ofHours(62), ZoneOffset.UTC, "weekend");
    private static final HealthCheckSpec FOLDER_HEALTH = new HealthCheckSpec(
            URI.create("https://folder.example.com/health"),
            200,
            Optional.empty(),
            1,
            Duration.ofSeconds(1),
            Duration.ofSeconds(10),
            false);

    @Test
    void folderWinsForSecurityFieldsAndFreezesAreUnioned() {
        FolderEnvironment production = FolderEnvironment.builder()
                .credentialsId("prod-age-key")
                .protection(new Protection(List.of("release-managers"), List.of(), List.of("sre"), 1, List.of("main")))
                .freeze(WEEKEND)
                .build();

        EnvironmentSpec merged = repo.mergeUnder(folder(Map.of("production", production)))
                .environment("production")
                .orElseThrow();

        assertThat(merged.credentialsId()).contains("prod-age-key");
        assertThat(merged.protection().deployers()).containsExactly("release-managers");
        assertThat(merged.protection().promoters())
                .as("the folder names deployers only: its promoters are its deployers, not the repository's")
                .containsExactly("release-managers");
        assertThat(merged.protection().lockers()).containsExactly("sre");
        assertThat(merged.protection().requiredApprovals())
                .as("approvals only go up")
                .isEqualTo(2);
        assertThat(merged.protection().branches()).containsExactly("main");
        assertThat(merged.protection().allowsBranch("feature/x")).isFalse();
        assertThat(merged.freezes()).extracting(FreezeWindow::reason).containsExactly("weekend", "standup");
        assertThat(merged.deploy()).contains("./repo-deploy.sh");
        assertThat(merged.url()).contains(URI.create("https://repo.example.com"));
    }

    @Test
    void aFolderThatNamesNoPeopleLeavesTheRepositorysLists() {
        FolderEnvironment production = FolderEnvironment.builder()
                .protection(new Protection(List.of(), List.of(), List.of(), 0, List.of("main")))
                .build();

        Protection merged = repo.mergeUnder(folder(Map.of("production", production)))
                .environment("production")
                .orElseThrow()
                .protection();

        assertThat(merged.deployers()).containsExactly("dev-team");
        assertThat(merged.promoters()).containsExactly("dev-team");
        assertThat(merged.lockers())
                .as("empty in both: anyone with the Jenkins permission")
                .isEmpty();
        assertThat(merged.branches()).containsExactly("main");
    }

    @Test
    void repositoryWinsForApplicationFieldsUnlessTheFolderLocksThem() {
        FolderEnvironment staging = FolderEnvironment.builder()
                .deploy("./folder-deploy.sh")
                .url(URI.create("https://folder.example.com"))
                .health(FOLDER_HEALTH)
                .branches(List.of("develop"))
                .build();
        FolderEnvironment production = FolderEnvironment.builder()
                .deploy("./folder-deploy.sh")
                .file("ops/production.enc.yaml")
                .lock(LockableField.DEPLOY)
                .lock(LockableField.FILE)
                .build();

        JitployConfig merged = repo.mergeUnder(folder(Map.of("staging", staging, "production", production)));

        EnvironmentSpec mergedStaging = merged.environment("staging").orElseThrow();
        assertThat(mergedStaging.deploy()).contains("./repo-deploy.sh");
        assertThat(mergedStaging.url()).contains(URI.create("https://staging.repo.example.com"));
        assertThat(mergedStaging.branches()).containsExactly("main");
        assertThat(mergedStaging.healthCheck())
                .as("repository sets none: folder default")
                .contains(FOLDER_HEALTH);
        assertThat(mergedStaging.credentialsId()).isEmpty();

        EnvironmentSpec mergedProduction = merged.environment("production").orElseThrow();
        assertThat(mergedProduction.deploy()).contains("./folder-deploy.sh");
        assertThat(mergedProduction.file()).isEqualTo("ops/production.enc.yaml");
        assertThat(mergedProduction.url()).contains(URI.create("https://repo.example.com"));
        assertThat(mergedProduction.protection())
                .isEqualTo(repo.environment("production").orElseThrow().protection());
    }

    @Test
    void environmentsOnlyInTheFolderExistWithFolderValues() {
        FolderEnvironment qa = FolderEnvironment.builder()
                .credentialsId("qa-key")
                .branches(List.of("qa/*"))
                .deploy("./qa.sh")
                .freeze(WEEKEND)
                .build();

        JitployConfig merged = repo.mergeUnder(folder(Map.of("qa", qa)));

        assertThat(merged.environmentNames()).containsExactly("staging", "production", "qa");
        EnvironmentSpec mergedQa = merged.environment("qa").orElseThrow();
        assertThat(mergedQa.file()).isEqualTo("config/qa.enc.yaml");
        assertThat(mergedQa.deploy()).contains("./qa.sh");
        assertThat(mergedQa.credentialsId()).contains("qa-key");
        assertThat(mergedQa.freezes()).containsExactly(WEEKEND);
        assertThat(merged.branchMapping().environmentFor("qa/1", false)).contains(mergedQa);
        assertThat(merged.branchMapping().environmentFor("main", false).map(EnvironmentSpec::name))
                .contains("staging");
    }

    @Test
    void theFoldersPromotionSourceWinsAndFolderOnlyEnvironmentsCanBePromoted() {
        FolderEnvironment production =
                FolderEnvironment.builder().promoteFrom("qa").build();
        FolderEnvironment qa =
                FolderEnvironment.builder().promoteFrom("staging").build();

        JitployConfig merged = repo.mergeUnder(folder(Map.of("production", production, "qa", qa)));

        assertThat(merged.environment("production").orElseThrow().promoteFrom())
                .as("the folder's, not the repository's staging")
                .contains("qa");
        assertThat(merged.environment("qa").orElseThrow().promoteFrom()).contains("staging");
        assertThat(merged.environment("staging").orElseThrow().promoteFrom()).isEmpty();
    }

    @Test
    void aFolderPromotionSourceThatNamesNoEnvironmentIsReportedWithTheChoices() {
        FolderEnvironment production =
                FolderEnvironment.builder().promoteFrom("stagin").build();

        assertThatThrownBy(() -> repo.mergeUnder(folder(Map.of("production", production))))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("'production' is promoted from 'stagin'")
                .hasMessageContaining("[staging, production]");
    }

    @Test
    void aFolderPromotionSourceThatClosesACycleIsReportedOnce() {
        FolderEnvironment staging =
                FolderEnvironment.builder().promoteFrom("production").build();

        assertThatThrownBy(() -> repo.mergeUnder(folder(Map.of("staging", staging))))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .extracting(ConfigProblem::message)
                        .asString()
                        .contains("cycle: production <- staging <- production"));
    }

    @Test
    void noFolderDefaultsChangeNothing() {
        assertThat(repo.mergeUnder(FolderDefaults.NONE)).isEqualTo(repo);
    }

    private static FolderDefaults folder(Map<String, FolderEnvironment> environments) {
        return new FolderDefaults(new LinkedHashMap<>(new java.util.TreeMap<>(environments)));
    }
}
