package io.jenkins.plugins.jitploy;

import io.jenkins.plugins.jitploy.steps.DecryptEnvStep;
import io.jenkins.plugins.jitploy.steps.JitployDeployStep;
import io.jenkins.plugins.jitploy.steps.JitployLockStep;
import io.jenkins.plugins.jitploy.steps.JitployRollbackStep;
import io.jenkins.plugins.jitploy.steps.PromoteStep;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Every step survives the Snippet Generator and the configuration form unchanged. */
@WithJenkins
class StepRoundTripTest {
    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
    }

    private void assertConfigRoundTrip(Step step) throws Exception {
        r.assertEqualDataBoundBeans(step, new StepConfigTester(r).configRoundTrip(step));
    }

    @Test
    void jitployDeploy() throws Exception {
        JitployDeployStep branchMapped = new JitployDeployStep();
        assertConfigRoundTrip(branchMapped);
        new SnippetizerTester(r).assertRoundTrip(branchMapped, "jitployDeploy {\n    // some block\n}");

        JitployDeployStep explicit = new JitployDeployStep();
        explicit.setEnvironment("staging");
        explicit.setVersion("1.4.2");
        explicit.setSupersede(false);
        explicit.setFailFast(true);
        explicit.setCommand("./deploy.sh --fast");
        assertConfigRoundTrip(explicit);
        new SnippetizerTester(r)
                .assertRoundTrip(
                        explicit,
                        "jitployDeploy(command: './deploy.sh --fast', environment: 'staging', failFast: true,"
                                + " supersede: false, version: '1.4.2') {\n    // some block\n}");
    }

    @Test
    void decryptEnv() throws Exception {
        DecryptEnvStep step = new DecryptEnvStep("staging");
        assertConfigRoundTrip(step);
        new SnippetizerTester(r).assertRoundTrip(step, "decryptEnv('staging') {\n    // some block\n}");
    }

    @Test
    void jitployLock() throws Exception {
        JitployLockStep block = new JitployLockStep("production");
        block.setReason("db migration");
        assertConfigRoundTrip(block);
        new SnippetizerTester(r)
                .assertRoundTrip(
                        block,
                        "jitployLock(environment: 'production', reason: 'db migration') {\n    // some block\n}");

        JitployLockStep lasting = new JitployLockStep("production");
        lasting.setReason("incident");
        lasting.setExpires("2h");
        assertConfigRoundTrip(lasting);

        JitployLockStep release = new JitployLockStep("production");
        release.setRelease(true);
        assertConfigRoundTrip(release);
        new SnippetizerTester(r).assertParseStep(release, "jitployLock environment: 'production', release: true");
    }

    @Test
    void promote() throws Exception {
        PromoteStep step = new PromoteStep("staging", "production");
        assertConfigRoundTrip(step);
        new SnippetizerTester(r).assertRoundTrip(step, "promote from: 'staging', to: 'production'");

        PromoteStep noWait = new PromoteStep("staging", "production");
        noWait.setWait(false);
        noWait.setApplication("shop");
        assertConfigRoundTrip(noWait);
        new SnippetizerTester(r)
                .assertRoundTrip(noWait, "promote application: 'shop', from: 'staging', to: 'production', wait: false");
    }

    @Test
    void jitployRollback() throws Exception {
        JitployRollbackStep toLastGood = new JitployRollbackStep("production");
        assertConfigRoundTrip(toLastGood);
        new SnippetizerTester(r).assertRoundTrip(toLastGood, "jitployRollback 'production'");

        JitployRollbackStep forced = new JitployRollbackStep("production");
        forced.setRelease("r-12");
        forced.setForce(true);
        assertConfigRoundTrip(forced);
        new SnippetizerTester(r)
                .assertRoundTrip(forced, "jitployRollback environment: 'production', force: true, release: 'r-12'");
    }
}
