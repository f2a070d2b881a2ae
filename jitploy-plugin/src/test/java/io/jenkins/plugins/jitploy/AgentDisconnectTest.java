package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Result;
import hudson.slaves.DumbSlave;
import hudson.slaves.RetentionStrategy;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * {@code jitployDeployCommand} and an agent that goes away while the command runs, as workflow-durable-task-step's
 * {@code ShellStepTest} ({@code temporarilyDisconnectingAgentIsNotFatal}, {@code permanentlyDisconnectingAgentIsFatal})
 * does for {@code sh}: a short disconnect is waited out, a long one fails the deploy after the patience, and a
 * deleted workspace fails it at once. Build #1 of each project deploys quickly; build #2 runs the command under test.
 */
@WithJenkins
@WithGitSampleRepo
class AgentDisconnectTest {
    private static final String PATIENCE = "io.jenkins.plugins.jitploy.steps.AgentWatch.patience";

    @AfterEach
    void defaultPatience() {
        System.clearProperty(PATIENCE);
    }

    @Test
    void aBriefDisconnectIsWaitedOutAndTheDeploySucceeds(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        DumbSlave agent = agent(r);
        SampleProject sample =
                new SampleProject(r, repo).create(jenkinsfile("remote", "sleep 20; echo \"deployed after the blip\""));

        WorkflowRun build = sample.branch("main").scheduleBuild2(0).waitForStart();
        r.waitForMessage("+ sleep 20", build);
        agent.toComputer().disconnect(null).get();
        r.waitForMessage("[jitploy] Agent remote is offline", build);
        r.waitForMessage("waiting up to 5 minutes for it to come back", build);
        agent.toComputer().connect(true).get();
        r.waitForMessage("[jitploy] Agent remote is back after", build);

        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        r.assertLogContains("deployed after the blip", build);
        assertThat(latest(sample).result()).isEqualTo(ReleaseResult.SUCCEEDED);
    }

    @Test
    void anAgentThatStaysAwayFailsTheDeployAfterThePatience(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        System.setProperty(PATIENCE, "10s");
        DumbSlave agent = agent(r);
        SampleProject sample = new SampleProject(r, repo).create(jenkinsfile("remote", "sleep 60"));

        WorkflowRun build = sample.branch("main").scheduleBuild2(0).waitForStart();
        r.waitForMessage("+ sleep 60", build);
        agent.toComputer().disconnect(null).get();
        r.waitForMessage("waiting up to 10 seconds for it to come back", build);

        r.assertBuildStatus(Result.FAILURE, r.waitForCompletion(build));
        r.assertLogContains("Agent remote has been offline for", build);
        r.assertLogContains("check agent remote and what the command did, then deploy again", build);
        r.assertLogContains("-D" + PATIENCE + "=", build);
        Release release = latest(sample);
        assertThat(release.result()).isEqualTo(ReleaseResult.FAILED);
        r.assertLogContains("[jitploy] Release " + release.id() + " FAILED: agent remote was offline for", build);
        r.assertLogContains("the deploy command's result is unknown", build);
    }

    @Test
    void aDeletedWorkspaceStillFailsAtOnce(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample =
                new SampleProject(r, repo).create(jenkinsfile(null, "rm -rf \"$WORKSPACE\"; sleep 60; echo too late"));

        WorkflowRun build =
                r.waitForCompletion(sample.branch("main").scheduleBuild2(0).waitForStart());

        r.assertBuildStatus(Result.FAILURE, build);
        r.assertLogContains("is gone from the built-in node", build);
        r.assertLogNotContains("is offline", build);
        r.assertLogNotContains("too late", build);
        assertThat(latest(sample).result()).isEqualTo(ReleaseResult.FAILED);
    }

    /** An agent the test disconnects and reconnects itself (as ShellStepTest: no retention strategy reconnecting). */
    private static DumbSlave agent(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createSlave("remote", null, null);
        agent.setRetentionStrategy(RetentionStrategy.NOOP);
        r.waitOnline(agent);
        return agent;
    }

    /** Build #2 runs {@code command}; the others deploy with {@code true}. */
    private static String jenkinsfile(String label, String command) {
        return "node(" + (label == null ? "" : "'" + label + "'") + ") {\n"
                + "  checkout scm\n"
                + "  jitployDeployCommand(command: currentBuild.number == 2 ? '" + command.replace("'", "\\'")
                + "' : 'true')\n"
                + "}\n";
    }

    private static Release latest(SampleProject sample) {
        return JitployRuntime.of(sample.folder)
                .ledger()
                .history("shop", "staging", 0, 1)
                .items()
                .get(0);
    }
}
