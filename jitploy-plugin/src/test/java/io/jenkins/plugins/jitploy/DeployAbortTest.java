package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.ledger.ReleaseResult;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Aborting a build that deploys: the step stops at once on the CPS VM thread, and leaving the queue or stopping the
 * command (ledger writes, agent calls) follows on a pool thread. Either way the release ends ABORTED and the
 * environment is free.
 */
@WithJenkins
@WithGitSampleRepo
class DeployAbortTest {

    @Test
    void abortingADeployWaitingInTheQueueRecordsItAbortedAndLeavesTheQueue(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        WorkflowJob ops = sample.folder.createProject(WorkflowJob.class, "ops");
        ops.setDefinition(new CpsFlowDefinition(
                "jitploySetLock(environment: 'staging', application: 'shop', reason: 'maintenance', expires: '2h')",
                true));
        r.buildAndAssertSuccess(ops);

        WorkflowRun waiting = sample.branch("main").scheduleBuild2(0).waitForStart();
        r.waitForMessage("queued.", waiting);
        String releaseId = waiting.getAction(ReleaseAction.class).getReleaseId();
        JitployRuntime runtime = JitployRuntime.of(waiting.getParent());
        EnvironmentKey staging = EnvironmentKey.of("shop", "staging");
        assertThat(runtime.coordinator().queue(staging)).hasSize(1);

        waiting.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(waiting));
        awaitTrue(() -> runtime.ledger().byId(releaseId).orElseThrow().result() == ReleaseResult.ABORTED);
        awaitTrue(() -> runtime.coordinator().queue(staging).isEmpty());
    }

    @Test
    void abortingARunningDeployCommandStopsItAndRecordsItAborted(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        // The first build (waited for by create) is quick; a build of a commit with the file "slow" is not.
        SampleProject sample = new SampleProject(r, repo)
                .create(
                        "node {\n  checkout scm\n  jitployDeployCommand(command:"
                                + " 'echo $JITPLOY_ENV-began; if [ -f slow ]; then sleep 600; fi; echo $JITPLOY_ENV-ended')\n}\n");
        repo.write("slow", "x\n");
        repo.git("add", "slow");
        repo.git("commit", "--message=a slow deploy");
        // A branch build fetches the branch head when it starts (SCMBinder), so it runs the new commit.
        WorkflowRun build = sample.branch("main").scheduleBuild2(0).waitForStart();
        r.waitForMessage("staging-began", build); // the output, not the logged command line
        String releaseId = build.getAction(ReleaseAction.class).getReleaseId();
        JitployRuntime runtime = JitployRuntime.of(build.getParent());

        build.doStop();
        r.assertBuildStatus(Result.ABORTED, r.waitForCompletion(build));
        awaitTrue(() -> runtime.ledger().byId(releaseId).orElseThrow().result() == ReleaseResult.ABORTED);
        awaitTrue(() -> runtime.coordinator()
                .holder(EnvironmentKey.of("shop", "staging"))
                .isEmpty());
        r.assertLogNotContains("staging-ended", build);
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
