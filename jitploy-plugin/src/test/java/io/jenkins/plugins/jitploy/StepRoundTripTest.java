package io.jenkins.plugins.jitploy;

import io.jenkins.plugins.jitploy.steps.DecryptEnvStep;
import io.jenkins.plugins.jitploy.steps.JitployDeployCommandStep;
import io.jenkins.plugins.jitploy.steps.JitployDeployStep;
import io.jenkins.plugins.jitploy.steps.JitployLockStep;
import io.jenkins.plugins.jitploy.steps.JitployRollbackStep;
import io.jenkins.plugins.jitploy.steps.JitploySetLockStep;
import io.jenkins.plugins.jitploy.steps.JitployUnlockStep;
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
        assertConfigRoundTrip(explicit);
        new SnippetizerTester(r)
                .assertRoundTrip(
                        explicit,
                        "jitployDeploy(environment: 'staging', failFast: true, supersede: false, version: '1.4.2') {\n"
                                + "    // some block\n}");

        JitployDeployStep forced = new JitployDeployStep();
        forced.setForceChecks("  hotfix for INC-42 ");
        assertConfigRoundTrip(forced);
        new SnippetizerTester(r)
                .assertRoundTrip(forced, "jitployDeploy(forceChecks: 'hotfix for INC-42') {\n    // some block\n}");
        JitployDeployStep notForced = new JitployDeployStep();
        notForced.setForceChecks("  ");
        new SnippetizerTester(r).assertRoundTrip(notForced, "jitployDeploy {\n    // some block\n}");
    }

    @Test
    void jitployDeployCommand() throws Exception {
        JitployDeployCommandStep configured = new JitployDeployCommandStep();
        assertConfigRoundTrip(configured);
        new SnippetizerTester(r).assertRoundTrip(configured, "jitployDeployCommand()");

        JitployDeployCommandStep explicit = new JitployDeployCommandStep();
        explicit.setEnvironment("preview");
        explicit.setCommand("./deploy.sh --preview");
        explicit.setVersion("1.4.2");
        explicit.setSupersede(false);
        explicit.setFailFast(true);
        explicit.setForceChecks("hotfix for INC-42");
        assertConfigRoundTrip(explicit);
        new SnippetizerTester(r)
                .assertRoundTrip(
                        explicit,
                        "jitployDeployCommand command: './deploy.sh --preview', environment: 'preview', failFast: true,"
                                + " forceChecks: 'hotfix for INC-42', supersede: false, version: '1.4.2'");
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
    }

    @Test
    void jitploySetLock() throws Exception {
        JitploySetLockStep lasting = new JitploySetLockStep("production");
        lasting.setReason("incident");
        lasting.setExpires("2h");
        assertConfigRoundTrip(lasting);
        new SnippetizerTester(r)
                .assertRoundTrip(
                        lasting, "jitploySetLock environment: 'production', expires: '2h', reason: 'incident'");

        JitploySetLockStep untilUnlocked = new JitploySetLockStep("production");
        untilUnlocked.setApplication("shop");
        assertConfigRoundTrip(untilUnlocked);
        new SnippetizerTester(r)
                .assertRoundTrip(untilUnlocked, "jitploySetLock application: 'shop', environment: 'production'");
    }

    @Test
    void jitployUnlock() throws Exception {
        JitployUnlockStep unlock = new JitployUnlockStep("production");
        assertConfigRoundTrip(unlock);
        new SnippetizerTester(r).assertRoundTrip(unlock, "jitployUnlock 'production'");
        new SnippetizerTester(r).assertParseStep(unlock, "jitployUnlock environment: 'production'");
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
