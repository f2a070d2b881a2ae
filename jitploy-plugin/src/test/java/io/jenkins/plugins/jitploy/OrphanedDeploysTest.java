package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.ExtensionList;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.deploy.DeployRun;
import io.jitploy.deploy.PendingRebuilds;
import io.jitploy.deploy.RebuildAttempt;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * The controller stopped with deploys in the queue that no step will resume (queued in the moment before their build
 * saved the run id, or their build is gone): after the restart they are recorded aborted and leave the queue, except
 * those whose build is still running, which keep their place until it ends.
 */
class OrphanedDeploysTest {
    private static final String GRACE = OrphanedDeploys.class.getName() + ".graceSeconds";

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private String ended;
    private String unrecorded;
    private String heldByRunningBuild;

    @BeforeEach
    void noGracePeriod() {
        System.setProperty(GRACE, "0");
    }

    @AfterEach
    void defaultGracePeriod() {
        System.clearProperty(GRACE);
    }

    @Test
    void restoredDeploysWhoseBuildIsGoneAreAbortedAndThoseOfARunningBuildWaitForItToEnd() throws Throwable {
        sessions.then(r -> {
            Folder folder = r.jenkins.createProject(Folder.class, "team");
            WorkflowJob finished = folder.createProject(WorkflowJob.class, "finished");
            finished.setDefinition(new CpsFlowDefinition("echo 'done'", true));
            WorkflowRun finishedBuild = r.buildAndAssertSuccess(finished);
            WorkflowJob running = folder.createProject(WorkflowJob.class, "running");
            running.setDefinition(new CpsFlowDefinition("semaphore 'wait'", true));
            WorkflowRun runningBuild = running.scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("wait/1", runningBuild);

            // What a crash right after DeployOrchestrator.start leaves: the tickets are saved, no step knows them.
            JitployRuntime runtime = JitployRuntime.of(folder);
            DeployRun stagingDeploy = runtime.orchestrator().start(intent("staging", "v1"));
            stagingDeploy.started().get(30, TimeUnit.SECONDS);
            runtime.rememberRun(stagingDeploy.releaseId(), "shop", finishedBuild);
            ended = stagingDeploy.releaseId();
            unrecorded = runtime.orchestrator().start(intent("staging", "v2")).releaseId();
            DeployRun productionDeploy = runtime.orchestrator().start(intent("production", "v1"));
            productionDeploy.started().get(30, TimeUnit.SECONDS);
            runtime.rememberRun(productionDeploy.releaseId(), "shop", runningBuild);
            heldByRunningBuild = productionDeploy.releaseId();
        });
        sessions.then(r -> {
            Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
            JitployRuntime runtime = JitployRuntime.of(folder);
            awaitTrue(() -> resultOf(runtime, ended) == ReleaseResult.ABORTED
                    && resultOf(runtime, unrecorded) == ReleaseResult.ABORTED);
            assertThat(runtime.coordinator().holder(EnvironmentKey.of("shop", "staging")))
                    .isEmpty();
            assertThat(runtime.coordinator().queue(EnvironmentKey.of("shop", "staging")))
                    .isEmpty();
            assertThat(resultOf(runtime, heldByRunningBuild))
                    .as("its build is still running and may yet resume it")
                    .isEqualTo(ReleaseResult.RUNNING);

            WorkflowRun runningBuild = r.jenkins
                    .getItemByFullName("team/running", WorkflowJob.class)
                    .getBuildByNumber(1);
            SemaphoreStep.success("wait/1", null);
            r.assertBuildStatusSuccess(r.waitForCompletion(runningBuild));
            awaitTrue(() -> resultOf(runtime, heldByRunningBuild) == ReleaseResult.ABORTED);
            assertThat(runtime.coordinator().holder(EnvironmentKey.of("shop", "production")))
                    .isEmpty();
        });
    }

    /**
     * Installed into a running controller, where no onLoaded comes, over stores an earlier installation left: the
     * checks run all the same.
     */
    @Test
    void installedIntoARunningControllerItChecksTheStoresItFinds() throws Throwable {
        sessions.then(r -> {
            OrphanedDeploys orphans = ExtensionList.lookupSingleton(OrphanedDeploys.class);
            awaitTrue(() -> orphans.settled); // the startup checks are over
            Folder folder = r.jenkins.createProject(Folder.class, "team");
            WorkflowJob finished = folder.createProject(WorkflowJob.class, "finished");
            finished.setDefinition(new CpsFlowDefinition("echo 'done'", true));
            WorkflowRun finishedBuild = r.buildAndAssertSuccess(finished);
            JitployRuntime runtime = JitployRuntime.of(folder);
            DeployRun stagingDeploy = runtime.orchestrator().start(intent("staging", "v1"));
            stagingDeploy.started().get(30, TimeUnit.SECONDS);
            runtime.rememberRun(stagingDeploy.releaseId(), "shop", finishedBuild);
            // What the earlier installation left on disk: saved and closed, nothing open.
            ExtensionList.lookupSingleton(JitployRuntime.StoreLifecycle.class).onBeforeShutdown();

            OrphanedDeploys.installedWhileRunning();

            awaitTrue(() -> JitployRuntime.ifOpen(folder)
                    .map(store -> resultOf(store, stagingDeploy.releaseId()) == ReleaseResult.ABORTED)
                    .orElse(false));
        });
    }

    /**
     * A promotion asked for just before a crash whose rebuild the build queue lost (Jenkins saves the queue only now
     * and then): after the restart the attempt is recorded as not run, once.
     */
    @Test
    void aRebuildTheQueueLostInARestartIsRecordedAsNotRun() throws Throwable {
        sessions.then(r -> {
            Folder folder = r.jenkins.createProject(Folder.class, "team");
            JitployRuntime runtime = JitployRuntime.of(folder);
            DeployRun source = runtime.orchestrator().start(intent("staging", "v1"));
            source.started().get(30, TimeUnit.SECONDS); // any release will do as the promotion's source
            runtime.pendingRebuilds()
                    .add(new PendingRebuilds.Pending(
                            "lost-request",
                            "team/shop/main",
                            new RebuildAttempt(source.releaseId(), "production", Trigger.PROMOTE, "alice"),
                            Instant.now()));
        });
        sessions.then(r -> {
            Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
            awaitTrue(() -> JitployRuntime.ifOpen(folder)
                    .map(store -> store.pendingRebuilds().all().isEmpty())
                    .orElse(false));
            JitployRuntime runtime = JitployRuntime.of(folder);
            assertThat(runtime.ledger().history("shop", "production", 0, 10).items())
                    .singleElement()
                    .satisfies(release -> {
                        assertThat(release.result()).isEqualTo(ReleaseResult.ABORTED);
                        assertThat(release.trigger()).isEqualTo(Trigger.PROMOTE);
                        assertThat(release.user()).isEqualTo("alice");
                        assertThat(release.note()).contains("was lost in a restart");
                    });
        });
    }

    private static DeployIntent intent(String environment, String version) {
        return DeployIntent.builder("shop", environment, version, "0123456789abcdef0123456789abcdef01234567")
                .user("alice")
                .build();
    }

    private static ReleaseResult resultOf(JitployRuntime runtime, String releaseId) {
        return runtime.ledger().byId(releaseId).orElseThrow().result();
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
