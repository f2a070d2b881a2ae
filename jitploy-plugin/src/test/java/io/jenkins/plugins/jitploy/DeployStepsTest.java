package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Result;
import hudson.util.Secret;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jitploy.envfile.keys.AgeKeyPair;
import io.jitploy.ledger.Trigger;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Set;
import java.util.TreeSet;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import net.sf.json.JSONNull;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The steps end to end on a real multibranch project over a git sample repository, with env files encrypted by the
 * core and keys in Credentials: push to staging, promote, roll back, lock, wrong key.
 */
@WithJenkins
@WithGitSampleRepo
class DeployStepsTest {

    @Test
    void pushDeploysTheBranchToItsEnvironmentWithMaskedSecretsAndNothingOnDisk(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);

        WorkflowRun build = sample.branch("main").getLastBuild();
        r.assertBuildStatusSuccess(build);
        r.assertLogContains("[jitploy] Decrypted config/staging.enc.yaml for staging", build);
        r.assertLogContains("deploying shop " + repo.head() + " to staging (push)", build);
        r.assertLogContains("password=****", build);
        r.assertLogNotContains(SampleProject.STAGING_PASSWORD, build);
        r.assertLogNotContains(base64(SampleProject.STAGING_PASSWORD), build);
        assertThat(grep(build.getRootDir(), SampleProject.STAGING_PASSWORD)).isEmpty();
        assertThat(grep(build.getRootDir(), sample.stagingKey.identity())).isEmpty();
        // Nor anywhere else under JENKINS_HOME: Jitploy's store, workspaces, SCM caches, credentials.xml.
        assertThat(grep(r.jenkins.getRootDir(), SampleProject.STAGING_PASSWORD)).isEmpty();
        assertThat(grep(r.jenkins.getRootDir(), sample.stagingKey.identity())).isEmpty();

        ReleaseAction release = build.getAction(ReleaseAction.class);
        assertThat(release.getEnvironment()).isEqualTo("staging");
        JSONObject staging = sample.live("staging");
        assertThat(staging.getString("sha")).isEqualTo(repo.head());
        assertThat(staging.getString("result")).isEqualTo("SUCCEEDED");
        assertThat(staging.getString("releaseId")).isEqualTo(release.getReleaseId());
        assertThat(staging.getString("trigger")).isEqualTo("PUSH");
    }

    @Test
    void aBranchMappedToNoEnvironmentSkipsTheDeploy(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        String main = repo.head();
        repo.git("checkout", "-b", "feature-x");
        sample.push("README.md", "feature\n", "a feature");

        WorkflowRun feature = sample.branch("feature-x").getLastBuild();
        r.assertBuildStatusSuccess(feature);
        r.assertLogContains("[jitploy] Branch feature-x maps to no environment of shop; nothing to deploy.", feature);
        r.assertLogNotContains("deploying shop", feature);
        assertThat(feature.getAction(ReleaseAction.class)).isNull();
        assertThat(sample.live("staging").getString("sha"))
                .as("main still live")
                .isEqualTo(main);
        assertThat(sample.branch("main")
                        .getLastBuild()
                        .getAction(ReleaseAction.class)
                        .getEnvironment())
                .isEqualTo("staging");
    }

    @Test
    void promotionAndRollbackRebuildThePinnedRevision(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        String first = repo.head();

        WorkflowJob release = sample.folder.createProject(WorkflowJob.class, "release");
        release.setDefinition(new CpsFlowDefinition(
                "echo \"promoted as ${promote(from: 'staging', to: 'production', application: 'shop')}\"", true));
        WorkflowRun promotion = r.buildAndAssertSuccess(release);
        r.assertLogContains("[jitploy] Promoting shop", promotion);

        WorkflowRun promoted = sample.branch("main").getLastBuild();
        DeployTargetAction target = promoted.getAction(DeployTargetAction.class);
        assertThat(target.getEnvironment()).isEqualTo("production");
        assertThat(target.getTrigger()).isEqualTo(Trigger.PROMOTE);
        assertThat(promoted.getCause(Cause.UpstreamCause.class))
                .as("a promotion asked by a build nobody started shows that build, not a user")
                .satisfies(cause -> assertThat(cause.pointsTo(promotion)).isTrue());
        assertThat(promoted.getCause(Cause.UserIdCause.class)).isNull();
        r.assertLogContains("to production (promote)", promoted);
        r.assertLogNotContains(SampleProject.PRODUCTION_PASSWORD, promoted);
        r.assertLogContains(
                "promoted as " + promoted.getAction(ReleaseAction.class).getReleaseId(), promotion);
        assertThat(sample.live("production").getString("sha")).isEqualTo(first);

        String second = sample.push("README.md", "v2\n", "second version");
        assertThat(sample.live("staging").getString("sha")).isEqualTo(second);

        WorkflowJob undo = sample.folder.createProject(WorkflowJob.class, "undo");
        undo.setDefinition(new CpsFlowDefinition(
                "echo \"rolled back as ${jitployRollback(environment: 'staging', application: 'shop')}\"", true));
        WorkflowRun undone = undo.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause("alice")))
                .get();
        r.assertBuildStatusSuccess(undone);
        r.assertLogContains("; config keys changing: none", undone);
        WorkflowRun rollback = sample.branch("main").getLastBuild();
        r.assertLogContains(
                "rolled back as " + rollback.getAction(ReleaseAction.class).getReleaseId(), undone);
        r.assertBuildStatusSuccess(rollback);
        r.assertLogContains("to staging (rollback)", rollback);
        JSONObject staging = sample.live("staging");
        assertThat(staging.getString("sha")).isEqualTo(first);
        assertThat(staging.getString("trigger")).isEqualTo("ROLLBACK");
        assertThat(staging.getString("user")).isEqualTo("alice");
        assertThat(rollback.getCause(Cause.UserIdCause.class).getUserId()).isEqualTo("alice");
    }

    @Test
    void aWrongKeyFailsWithAClearMessageBeforeQueueing(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        SystemCredentialsProvider store = SystemCredentialsProvider.getInstance();
        store.getCredentials()
                .removeIf(c -> c instanceof StringCredentialsImpl s && s.getId().equals("staging-key"));
        store.getCredentials()
                .add(new StringCredentialsImpl(
                        CredentialsScope.GLOBAL,
                        "staging-key",
                        "someone else's key",
                        Secret.fromString(AgeKeyPair.generate().identity())));
        store.save();

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, sample.branch("main"));
        r.assertLogContains(
                "Cannot decrypt config/staging.enc.yaml for environment 'staging' with the credential"
                        + " 'staging-key'",
                build);
        r.assertLogContains(
                "the file is encrypted for " + sample.stagingKey.recipient() + ", but the credential holds the key of ",
                build);
        r.assertLogContains("Put the identity of one of the file's recipients into credential 'staging-key'", build);
        r.assertLogNotContains("--identity", build);
        assertThat(build.getAction(ReleaseAction.class))
                .as("nothing was queued or recorded")
                .isNull();
    }

    @Test
    void aLockHoldsDeploysUntilReleased(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        WorkflowJob ops = sample.folder.createProject(WorkflowJob.class, "ops");
        ops.setDefinition(new CpsFlowDefinition(
                "jitploySetLock(environment: 'staging', application: 'shop', reason: 'maintenance', expires: '2h')",
                true));
        r.assertLogContains("[jitploy] Locked shop/staging (maintenance) until", r.buildAndAssertSuccess(ops));

        WorkflowRun waiting = sample.branch("main").scheduleBuild2(0).waitForStart();
        r.waitForMessage("queued.", waiting);
        r.waitForMessage("maintenance", waiting);
        assertThat(waiting.isBuilding()).isTrue();
        JSONObject staging = sample.live("staging");
        assertThat(staging.getJSONObject("lock").getString("reason")).isEqualTo("maintenance");
        assertThat(staging.getJSONArray("queue").size()).isEqualTo(1);
        assertThat(staging.getJSONArray("queue").getJSONObject(0).getString("waitingFor"))
                .contains("maintenance");
        assertThat((Object) sample.live("production"))
                .as("nothing live, nothing going on: not shown")
                .isNull();
        ops.setDefinition(new CpsFlowDefinition(
                "jitploySetLock(environment: 'production', application: 'shop', reason: 'audit')", true));
        r.buildAndAssertSuccess(ops);
        JSONObject production = sample.live("production");
        assertThat(production.getJSONObject("lock").getString("reason"))
                .as("a lock shows before any release")
                .isEqualTo("audit");
        assertThat(production.get("releaseId")).isEqualTo(JSONNull.getInstance());
        ops.setDefinition(new CpsFlowDefinition("jitployUnlock(environment: 'production', application: 'shop')", true));
        r.buildAndAssertSuccess(ops);

        ops.setDefinition(new CpsFlowDefinition("jitployUnlock(environment: 'staging', application: 'shop')", true));
        r.assertLogContains("[jitploy] Unlocked shop/staging", r.buildAndAssertSuccess(ops));
        r.assertBuildStatusSuccess(r.waitForCompletion(waiting));
        r.assertLogContains("[jitploy] Deploying release", waiting);
    }

    /** Why the lasting lock and the command deploy are steps of their own (jitploySetLock, jitployDeployCommand). */
    @Test
    void pipelineRefusesABlockStepWithoutABlock(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "no-block");
        job.setDefinition(new CpsFlowDefinition(
                "jitployLock(environment: 'staging', application: 'shop', reason: 'maintenance')", true));
        r.assertLogContains("jitployLock step must be called with a body", r.buildAndAssertStatus(Result.FAILURE, job));
    }

    @Test
    void aDeployBlockRefusesACommand(JenkinsRule r) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class, "block-and-command");
        job.setDefinition(new CpsFlowDefinition(
                "jitployDeploy(environment: 'staging', command: './deploy.sh') { echo 'inside the block' }", true));

        WorkflowRun build = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("jitployDeploy { ... } deploys with its block; drop command: from it", build);
        r.assertLogNotContains("inside the block", build);
    }

    @Test
    void decryptEnvBindsMaskedVariablesForTheBlock(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo)
                .create("node {\n  checkout scm\n  decryptEnv(environment: 'staging') {\n"
                        + "    sh 'echo \"pw=$DB_PASSWORD\"'\n  }\n  sh 'echo \"after=[$DB_PASSWORD]\"'\n}\n");
        WorkflowRun build = sample.branch("main").getLastBuild();
        r.assertBuildStatusSuccess(build);
        r.assertLogContains("pw=****", build);
        r.assertLogContains("after=[]", build);
        r.assertLogNotContains(SampleProject.STAGING_PASSWORD, build);
        assertThat(grep(build.getRootDir(), SampleProject.STAGING_PASSWORD)).isEmpty();
        File workspace =
                new File(r.jenkins.getWorkspaceFor(sample.branch("main")).getRemote());
        assertThat(grep(workspace, SampleProject.STAGING_PASSWORD)).isEmpty();
    }

    @Test
    void withoutABlockTheDeployCommandRunsAsADurableTask(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo)
                .create("node {\n  checkout scm\n"
                        + "  jitployDeployCommand(command: 'echo \"cmd $JITPLOY_ENV pw=$DB_PASSWORD\"')\n}\n");
        WorkflowRun build = sample.branch("main").getLastBuild();
        r.assertBuildStatusSuccess(build);
        r.assertLogContains("cmd staging pw=****", build);
        r.assertLogNotContains(SampleProject.STAGING_PASSWORD, build);
        assertThat(grep(build.getRootDir(), SampleProject.STAGING_PASSWORD)).isEmpty();
        assertThat(sample.live("staging").getString("result")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aDeployInsideTheBuildsOwnLockBlockIsNotHeldByIt(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo)
                .create("node {\n  checkout scm\n"
                        + "  jitployLock(environment: 'staging', reason: 'migration') {\n"
                        + "    jitployDeploy { sh 'echo deploying under the lock' }\n  }\n}\n");
        WorkflowRun build = sample.branch("main").getLastBuild();
        r.assertBuildStatusSuccess(build);
        r.assertLogContains("deploying under the lock", build);
        r.assertLogContains("[jitploy] Unlocked shop/staging", build);
        assertThat(sample.live("staging").getString("user")).isEqualTo("build " + build.getExternalizableId());
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Files under {@code dir} whose bytes contain {@code text} (as credentials-binding's tests check). */
    static Set<String> grep(File dir, String text) throws IOException {
        Set<String> matches = new TreeSet<>();
        if (!dir.exists()) {
            return matches;
        }
        try (var files = Files.walk(dir.toPath())) {
            for (var file : (Iterable<java.nio.file.Path>) files.filter(Files::isRegularFile)::iterator) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text)) {
                    matches.add(dir.toPath().relativize(file).toString());
                }
            }
        }
        return matches;
    }
}
