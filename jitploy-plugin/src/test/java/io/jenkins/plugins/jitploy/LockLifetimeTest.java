package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Result;
import io.jitploy.coordination.CoordinatorState;
import io.jitploy.coordination.DeployCoordinator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A {@code jitployLock} block never leaves its environment locked once the build is aborted or ends. */
@WithJenkins
class LockLifetimeTest {
    private static final String LOCK_BLOCK =
            "jitployLock(environment: 'production', application: 'shop', reason: 'db migration') {\n"
                    + "  semaphore 'migrate'\n}";

    private static WorkflowJob maintenance(JenkinsRule r, String script) throws Exception {
        Folder folder = r.jenkins.createProject(Folder.class, "team");
        WorkflowJob job = folder.createProject(WorkflowJob.class, "maintenance");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    private static DeployCoordinator coordinator(WorkflowJob job) {
        return JitployRuntime.of(job).coordinator();
    }

    @Test
    void abortWhileTheLockIsBeingTakenReleasesItOnceTaken(JenkinsRule r) throws Exception {
        WorkflowJob job = maintenance(r, LOCK_BLOCK);
        CountDownLatch locking = new CountDownLatch(1);
        CountDownLatch aborted = new CountDownLatch(1);
        // The coordinator saves its state on the thread that changed it: park the step's thread right after the
        // lock is taken, inside coordinator.lock(), as if the abort came while the lock was being taken.
        AutoCloseable parking = coordinator(job).onChange(state -> {
            if (lockedByABuild(state) && locking.getCount() > 0) {
                locking.countDown();
                awaitUninterruptibly(aborted);
            }
        });
        WorkflowRun build;
        try {
            build = job.scheduleBuild2(0).waitForStart();
            assertThat(locking.await(30, TimeUnit.SECONDS)).isTrue();
            build.doStop(); // asynchronous: stop() runs later, on the build's CPS VM thread
            // Let the lock call return only once stop() has seen it under way; before, the step would simply go on.
            r.waitForMessage("[jitploy] Stopped while locking shop/production; released once taken", build);
            aborted.countDown();
            r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));
        } finally {
            aborted.countDown();
            parking.close();
        }
        r.assertLogNotContains("for this block", build);
        assertThat(coordinator(job).locks())
                .as("released as soon as it was taken")
                .isEmpty();
    }

    @Test
    void abortWhileTheBlockRunsReleasesTheLock(JenkinsRule r) throws Exception {
        WorkflowJob job = maintenance(r, LOCK_BLOCK);
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("migrate/1", build);
        assertThat(coordinator(job).locks()).hasSize(1);

        build.doStop();

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));
        r.assertLogContains("[jitploy] Unlocked shop/production", build);
        assertThat(coordinator(job).locks()).isEmpty();
    }

    @Test
    void abortReleasesTheLockOffTheCpsVmThread(JenkinsRule r) throws Exception {
        WorkflowJob job = maintenance(r, LOCK_BLOCK);
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("migrate/1", build);
        // The store is saved on the thread that changed it: the one that released the lock.
        List<String> releasedOn = new CopyOnWriteArrayList<>();
        coordinator(job).onChange(state -> releasedOn.add(Thread.currentThread().getName()));

        build.doStop(); // stop() runs on the build's CPS VM thread, named "Running CpsFlowExecution[...]"

        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));
        r.assertLogContains("[jitploy] Unlocked shop/production", build);
        assertThat(coordinator(job).locks()).isEmpty();
        assertThat(releasedOn).isNotEmpty().noneMatch(thread -> thread.startsWith("Running CpsFlowExecution"));
    }

    @Test
    void aKilledBuildGivesItsLockBackWhenItEnds(JenkinsRule r) throws Exception {
        WorkflowJob job = maintenance(r, LOCK_BLOCK);
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("migrate/1", build);

        build.doKill(); // no step runs its cleanup: the build's end does

        r.waitForCompletion(build);
        assertThat(coordinator(job).locks()).isEmpty();
    }

    @Test
    void aLockTakenOverDuringTheBlockIsLeftToItsNewOwner(JenkinsRule r) throws Exception {
        WorkflowJob job = maintenance(r, LOCK_BLOCK);
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("migrate/1", build);
        coordinator(job).steal(io.jitploy.coordination.EnvironmentKey.of("shop", "production"), "alice", "incident");

        SemaphoreStep.success("migrate/1", null);

        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        r.assertLogContains("Left the lock of shop/production to whoever took it over", build);
        assertThat(coordinator(job).locks())
                .singleElement()
                .satisfies(lock -> assertThat(lock.owner()).isEqualTo("alice"));
    }

    @Test
    void aNestedBlockSharesTheEnclosingBlocksLock(JenkinsRule r) throws Exception {
        WorkflowJob job = maintenance(
                r,
                "jitployLock(environment: 'production', application: 'shop', reason: 'db migration') {\n"
                        + "  jitployLock(environment: 'production', application: 'shop', reason: 'reindex') {\n"
                        + "    echo 'inner block'\n"
                        + "  }\n"
                        + "  semaphore 'after-inner'\n"
                        + "}");
        WorkflowRun build = job.scheduleBuild2(0).waitForStart();
        SemaphoreStep.waitForStart("after-inner/1", build);

        r.assertLogContains("[jitploy] Locked shop/production (db migration) for this block", build);
        r.assertLogContains(
                "[jitploy] shop/production is already locked by another jitployLock block of this build;"
                        + " this block shares that lock",
                build);
        r.assertLogContains("[jitploy] Left shop/production locked for another jitployLock block of this build", build);
        assertThat(coordinator(job).locks())
                .as("the inner block's end leaves the outer block's lock")
                .singleElement()
                .satisfies(lock -> assertThat(lock.reason()).isEqualTo("db migration"));

        SemaphoreStep.success("after-inner/1", null);

        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        r.assertLogContains("[jitploy] Unlocked shop/production", build);
        assertThat(coordinator(job).locks()).isEmpty();
    }

    @Test
    void aBlockRefusesTheOptionsOfALastingLock(JenkinsRule r) throws Exception {
        WorkflowJob job = maintenance(
                r,
                "jitployLock(environment: 'production', application: 'shop', expires: '2h') {\n"
                        + "  echo 'inside the block'\n}");

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains(
                "jitployLock { ... } holds the lock for its block only; drop expires: from it. For a lock that"
                        + " outlives the build use jitploySetLock(environment: 'production', expires: '2h')",
                build);
        r.assertLogNotContains("inside the block", build);
        assertThat(coordinator(job).locks()).isEmpty();
    }

    private static boolean lockedByABuild(CoordinatorState state) {
        return state.environments().stream()
                .anyMatch(e -> e.lock() != null && e.lock().owner().startsWith("build "));
    }

    /** Waits for {@code latch} even when interrupted (the interrupt is kept for afterwards). */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // stop() cancels the step's thread: the lock call must still return
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
