package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.PeriodicWork;
import hudson.model.Queue;
import hudson.model.Result;
import hudson.model.queue.CauseOfBlockage;
import hudson.model.queue.QueueTaskDispatcher;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import java.io.File;
import java.nio.file.Files;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/**
 * {@code promote} and {@code jitployRollback} wait for their rebuild; a rebuild that never runs fails the wait, with
 * a message that says so, and the attempt is recorded aborted in the environment's history. Also across a restart.
 */
@WithGitSampleRepo
class RebuildWaitTest {
    private static final String PROMOTE = "promote(from: 'staging', to: 'production', application: 'shop')";

    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void aRebuildCancelledInTheQueueFailsThePromotionAndIsRecorded(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
            WorkflowRun promotion = startPromotion(r, sample);
            Queue.Item rebuild = queuedRebuild(r);

            r.jenkins.getQueue().cancel(rebuild);

            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(promotion));
            r.assertLogContains("was cancelled in the build queue before it started", promotion);
            assertAbortedPromotionRecorded(r);
        });
    }

    @Test
    void disablingTheJobWhileTheRebuildWaitsFailsThePromotion(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
            WorkflowRun promotion = startPromotion(r, sample);
            queuedRebuild(r);

            sample.branch("main").makeDisabled(true); // cancels the job's queue items

            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(promotion));
            r.assertLogContains("job was disabled or deleted", promotion);
            assertAbortedPromotionRecorded(r);
        });
    }

    @Test
    void aPromotionWaitingAcrossARestartStillNoticesItsRebuildCancelled(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
            startPromotion(r, sample);
            queuedRebuild(r);
        });
        sessions.then(r -> {
            WorkflowRun promotion = r.jenkins
                    .getItemByFullName("team/release", WorkflowJob.class)
                    .getLastBuild();
            assertThat(promotion.isBuilding())
                    .as("still waiting after the restart")
                    .isTrue();
            Queue.Item rebuild = queuedRebuild(r); // the queue kept the item, with its id

            r.jenkins.getQueue().cancel(rebuild);

            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(promotion));
            r.assertLogContains("was cancelled in the build queue before it started", promotion);
            assertAbortedPromotionRecorded(r);
        });
    }

    /**
     * The queue is lost in a restart: the resumed step looks once at once, and the watchdog, which looks only at the
     * steps that wait, finds the rebuild nowhere a few times and fails the promotion.
     */
    @Test
    void aRebuildLostWithTheQueueFailsThePromotionAfterTheRestart(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
            startPromotion(r, sample);
            queuedRebuild(r);
        });
        Files.delete(new File(sessions.getHome(), "queue.xml").toPath());
        sessions.then(r -> {
            WorkflowRun promotion = r.jenkins
                    .getItemByFullName("team/release", WorkflowJob.class)
                    .getLastBuild();
            PeriodicWork watchdog = PeriodicWork.all().stream()
                    .filter(work -> work.getClass().getName().endsWith(".RebuildExecution$Watchdog"))
                    .findFirst()
                    .orElseThrow();
            for (int looks = 0; looks < 150 && promotion.isBuilding(); looks++) {
                watchdog.run(); // every 30 s on its own
                Thread.sleep(200);
            }
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(promotion));
            r.assertLogContains("is neither in the build queue nor among the job's builds", promotion);
            watchdog.run(); // nothing waits any more: nothing to look at
        });
    }

    private static WorkflowRun startPromotion(JenkinsRule r, SampleProject sample) throws Exception {
        WorkflowJob release = sample.folder.createProject(WorkflowJob.class, "release");
        release.setDefinition(new CpsFlowDefinition(PROMOTE, true));
        WorkflowRun promotion = release.scheduleBuild2(0).waitForStart();
        r.waitForMessage("[jitploy] Scheduled team/shop/main pinned to release", promotion);
        return promotion;
    }

    /** The rebuild, held in the queue by {@link HoldRebuilds}. */
    private static Queue.Item queuedRebuild(JenkinsRule r) throws Exception {
        for (int tries = 0; tries < 100; tries++) {
            for (Queue.Item item : r.jenkins.getQueue().getItems()) {
                if (item.getAction(DeployTargetAction.class) != null) {
                    return item;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no rebuild in the queue");
    }

    private static void assertAbortedPromotionRecorded(JenkinsRule r) throws Exception {
        Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
        JitployRuntime runtime = JitployRuntime.of(folder);
        for (int tries = 0; tries < 100; tries++) { // recorded off the queue's thread
            if (!runtime.ledger().history("shop", "production", 0, 1).items().isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(runtime.ledger().history("shop", "production", 0, 10).items())
                .singleElement()
                .satisfies(release -> {
                    assertThat(release.result()).isEqualTo(ReleaseResult.ABORTED);
                    assertThat(release.trigger()).isEqualTo(Trigger.PROMOTE);
                    assertThat(release.promotedFrom()).isNotNull();
                    assertThat(release.note()).contains("cancelled in the build queue");
                });
        assertThat(runtime.ledger().live("shop", "production").map(Release::id)).isEmpty();
    }

    /** Keeps every promotion or rollback rebuild in the queue, as a busy controller would. */
    @TestExtension
    public static final class HoldRebuilds extends QueueTaskDispatcher {
        @Override
        public CauseOfBlockage canRun(Queue.Item item) {
            return item.getAction(DeployTargetAction.class) == null ? null : new HeldByTest();
        }
    }

    private static final class HeldByTest extends CauseOfBlockage {
        @Override
        public String getShortDescription() {
            return "held by the test";
        }
    }
}
