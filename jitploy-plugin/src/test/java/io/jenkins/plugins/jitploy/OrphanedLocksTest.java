package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import io.jitploy.coordination.CoordinatorState;
import io.jitploy.coordination.CoordinatorStateCodec;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.EnvironmentLock;
import io.jitploy.coordination.OrphanedLocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * A build that died with the controller is found finished when it is loaded, without the end of build that releases
 * the locks of its {@code jitployLock} blocks: after the restart they are released, also from a store that holds
 * nothing else, while lasting locks and the block lock of a build that resumes stay.
 */
class OrphanedLocksTest {
    private static final EnvironmentKey STAGING = EnvironmentKey.of("shop", "staging");
    private static final EnvironmentKey PREVIEW = EnvironmentKey.of("shop", "preview");
    private static final EnvironmentKey QA = EnvironmentKey.of("shop", "qa");
    private static final EnvironmentKey DEMO = EnvironmentKey.of("shop", "demo");
    private static final EnvironmentKey PRODUCTION = EnvironmentKey.of("shop", "production");

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void blockLocksOfBuildsThatDiedWithTheControllerAreReleasedAtStartup() throws Throwable {
        sessions.then(r -> {
            Folder team = r.jenkins.createProject(Folder.class, "team");
            WorkflowJob maintenance = team.createProject(WorkflowJob.class, "maintenance");
            maintenance.setDefinition(new CpsFlowDefinition("echo 'done'", true));
            WorkflowRun ended = r.buildAndAssertSuccess(maintenance);
            WorkflowRun deleted = r.buildAndAssertSuccess(maintenance);
            // What a build killed with the controller leaves: its block's lock, and no end of build to release it.
            DeployCoordinator coordinator = JitployRuntime.of(team).coordinator();
            coordinator.lock(
                    STAGING, "db migration", OrphanedLocks.blockOwner(ended.getExternalizableId()), Optional.empty());
            coordinator.lock(
                    PREVIEW, "reindex", OrphanedLocks.blockOwner(deleted.getExternalizableId()), Optional.empty());
            deleted.delete();
            coordinator.lock(QA, "demo week", "alice", Optional.of(Instant.now().plus(Duration.ofHours(2))));
            coordinator.lock(DEMO, "until released", "job team/maintenance", Optional.empty());

            Folder ops = r.jenkins.createProject(Folder.class, "ops");
            WorkflowJob migrate = ops.createProject(WorkflowJob.class, "migrate");
            migrate.setDefinition(new CpsFlowDefinition(
                    "jitployLock(environment: 'production', application: 'shop') {\n  semaphore 'migrate'\n}", true));
            WorkflowRun running = migrate.scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("migrate/1", running);
        });
        sessions.then(r -> {
            // Nothing opens the team's store but the sweep: it holds no deploy, only locks.
            Path saved = JitployRuntime.root().resolve("team").resolve("coordinator.json");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lockOf(saved, STAGING) != null || lockOf(saved, PREVIEW) != null) {
                assertThat(System.nanoTime())
                        .as("timed out waiting for the sweep")
                        .isLessThan(deadline);
                Thread.sleep(200);
            }
            Folder team = r.jenkins.getItemByFullName("team", Folder.class);
            assertThat(JitployRuntime.of(team).coordinator().locks())
                    .extracting(EnvironmentLock::key)
                    .as("lasting locks stay")
                    .containsExactlyInAnyOrder(QA, DEMO);
            Folder ops = r.jenkins.getItemByFullName("ops", Folder.class);
            DeployCoordinator opsCoordinator = JitployRuntime.of(ops).coordinator();
            assertThat(opsCoordinator.lockOf(PRODUCTION))
                    .as("its build resumed")
                    .isPresent();

            WorkflowRun running = r.jenkins
                    .getItemByFullName("ops/migrate", WorkflowJob.class)
                    .getBuildByNumber(1);
            SemaphoreStep.success("migrate/1", null);
            r.assertBuildStatusSuccess(r.waitForCompletion(running));
            assertThat(opsCoordinator.lockOf(PRODUCTION)).isEmpty();
        });
    }

    private static CoordinatorState.LockState lockOf(Path saved, EnvironmentKey key) throws Exception {
        CoordinatorState state = new CoordinatorStateCodec().decode(Files.readAllBytes(saved));
        return state.environments().stream()
                .filter(e -> e.application().equals(key.application())
                        && e.environment().equals(key.environment()))
                .map(CoordinatorState.EnvironmentState::lock)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }
}
