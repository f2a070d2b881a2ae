package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Result;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** Waiting deploys and held locks survive a controller restart: the queue and locks live in the store. */
@WithGitSampleRepo
class RestartTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    /** Keeps the thread that ends a lock block from completing the step until Jenkins is gone. */
    private final CountDownLatch jenkinsGone = new CountDownLatch(1);

    @AfterEach
    void letParkedThreadsGo() {
        jenkinsGone.countDown(); // every session is over: the parked thread finds no Jenkins to complete a step in
    }

    @Test
    void aDeployWaitingInTheQueueResumesAfterARestart(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
            WorkflowJob ops = sample.folder.createProject(WorkflowJob.class, "ops");
            ops.setDefinition(new CpsFlowDefinition(
                    "jitploySetLock(environment: 'staging', application: 'shop', reason: 'restart test')", true));
            r.buildAndAssertSuccess(ops);
            WorkflowRun waiting = sample.branch("main").scheduleBuild2(0).waitForStart();
            r.waitForMessage("restart test", waiting);
        });
        sessions.then(r -> {
            Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
            WorkflowMultiBranchProject project =
                    r.jenkins.getItemByFullName("team/shop", WorkflowMultiBranchProject.class);
            WorkflowRun waiting = project.getItem("main").getLastBuild();
            assertThat(waiting.isBuilding()).as("still waiting for the slot").isTrue();
            assertThat(JitployRuntime.of(folder).coordinator().locks()).hasSize(1);

            WorkflowJob ops = r.jenkins.getItemByFullName("team/ops", WorkflowJob.class);
            ops.setDefinition(
                    new CpsFlowDefinition("jitployUnlock(environment: 'staging', application: 'shop')", true));
            r.buildAndAssertSuccess(ops);
            r.assertBuildStatusSuccess(r.waitForCompletion(waiting));
            r.assertLogContains("[jitploy] Deploying release", waiting);
        });
    }

    /**
     * The deploy block of build #2 deletes the files the step reads again on resume, then waits: after the restart
     * the deploy cannot be resumed, so it is abandoned (recorded aborted, slot released) instead of holding staging.
     */
    @Test
    void aDeployThatCannotResumeIsAbandonedAndFreesItsEnvironment(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            SampleProject sample = new SampleProject(r, repo)
                    .create("node {\n"
                            + "  checkout scm\n"
                            + "  jitployDeploy {\n"
                            + "    if (currentBuild.number == 2) {\n"
                            + "      sh 'rm -rf .jitploy.yml config'\n"
                            + "      semaphore 'deploy'\n"
                            + "    }\n"
                            + "  }\n"
                            + "}\n");
            WorkflowRun build = sample.branch("main").scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("deploy/1", build);
        });
        sessions.then(r -> {
            Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
            WorkflowMultiBranchProject project =
                    r.jenkins.getItemByFullName("team/shop", WorkflowMultiBranchProject.class);
            WorkflowRun abandoned = project.getItem("main").getBuildByNumber(2);
            r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(abandoned));
            assertThat(JitployRuntime.of(folder)
                            .ledger()
                            .history("shop", "staging", 0, 10)
                            .items())
                    .extracting(Release::result)
                    .as("build #2's release, newest first, then build #1's")
                    .containsExactly(ReleaseResult.ABORTED, ReleaseResult.SUCCEEDED);

            // Staging is free: the next deploy runs at once.
            WorkflowRun next = r.buildAndAssertSuccess(project.getItem("main"));
            r.assertLogContains("[jitploy] Deploying release", next);
        });
    }

    @Test
    void aLockBlockIsReleasedWhenItsBodyEndsAfterARestart(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            Folder folder = r.jenkins.createProject(Folder.class, "team");
            WorkflowJob job = folder.createProject(WorkflowJob.class, "maintenance");
            job.setDefinition(new CpsFlowDefinition(
                    "jitployLock(environment: 'production', application: 'shop', reason: 'db migration') {\n"
                            + "  semaphore 'migrate'\n}",
                    true));
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            SemaphoreStep.waitForStart("migrate/1", build);
            assertThat(JitployRuntime.of(folder).coordinator().locks()).hasSize(1);
        });
        sessions.then(r -> {
            Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
            assertThat(JitployRuntime.of(folder).coordinator().locks())
                    .as("the lock was persisted")
                    .hasSize(1);
            WorkflowRun build = r.jenkins
                    .getItemByFullName("team/maintenance", WorkflowJob.class)
                    .getLastBuild();
            SemaphoreStep.success("migrate/1", null);
            r.assertBuildStatusSuccess(r.waitForCompletion(build));
            r.assertLogContains("[jitploy] Unlocked shop/production", build);
            assertThat(JitployRuntime.of(folder).coordinator().locks()).isEmpty();
        });
    }

    /**
     * The block ended, and the controller stopped before the step completed (its lock is released and the step
     * completed off the CPS VM thread): after the restart the step completes, rather than waiting for the block.
     */
    @Test
    void aLockBlockThatEndedJustBeforeARestartCompletesAfterIt() throws Throwable {
        sessions.then(r -> {
            Folder folder = r.jenkins.createProject(Folder.class, "team");
            WorkflowJob job = folder.createProject(WorkflowJob.class, "maintenance");
            job.setDefinition(new CpsFlowDefinition(
                    "jitployLock(environment: 'production', application: 'shop') {\n  echo 'migrated'\n}\n"
                            + "echo 'after the block'",
                    true));
            EnvironmentKey production = EnvironmentKey.of("shop", "production");
            AtomicBoolean locked = new AtomicBoolean();
            CountDownLatch releasing = new CountDownLatch(1);
            // The store notifies on the thread that released the lock, before that thread completes the step: park
            // it there (the store is saved already) until Jenkins is gone.
            JitployRuntime.of(folder).coordinator().onChange(state -> {
                boolean lockedNow = state.environments().stream()
                        .anyMatch(e -> e.environment().equals(production.environment()) && e.lock() != null);
                if (lockedNow) {
                    locked.set(true);
                } else if (locked.get() && releasing.getCount() > 0) {
                    releasing.countDown();
                    LockLifetimeTest.awaitUninterruptibly(jenkinsGone);
                }
            });
            WorkflowRun build = job.scheduleBuild2(0).waitForStart();
            assertThat(releasing.await(60, TimeUnit.SECONDS)).isTrue();
            r.assertLogNotContains("after the block", build);
        });
        sessions.then(r -> {
            WorkflowRun build = r.jenkins
                    .getItemByFullName("team/maintenance", WorkflowJob.class)
                    .getLastBuild();
            r.assertBuildStatusSuccess(r.waitForCompletion(build));
            r.assertLogContains("migrated", build);
            r.assertLogContains("after the block", build);
            r.assertLogNotContains("no longer locked by this build", build);
            Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
            assertThat(JitployRuntime.of(folder).coordinator().locks()).isEmpty();
        });
    }
}
