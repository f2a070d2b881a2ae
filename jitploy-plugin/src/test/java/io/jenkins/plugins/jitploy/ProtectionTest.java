package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Result;
import hudson.model.User;
import io.jenkins.plugins.jitploy.access.ApprovalAction;
import io.jenkins.plugins.jitploy.folder.EnvironmentDefinition;
import io.jenkins.plugins.jitploy.folder.JitployFolderProperty;
import jenkins.model.Jenkins;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * The environments' protection, set on the folder, enforced by the steps with the core's decisions: who may deploy,
 * promote and lock, and deploys that wait for approvals given on the build's approval page. Users: {@code carol},
 * {@code oliver} and {@code erin} (group {@code ops}), {@code bob} (group {@code dev}) may build; {@code reader} may
 * only read.
 */
@WithJenkins
@WithGitSampleRepo
class ProtectionTest {

    static void secure(JenkinsRule r) throws Exception {
        JenkinsRule.DummySecurityRealm realm = r.createDummySecurityRealm();
        realm.addGroups("carol", "ops");
        realm.addGroups("oliver", "ops");
        realm.addGroups("erin", "ops");
        realm.addGroups("bob", "dev");
        r.jenkins.setSecurityRealm(realm);
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ, Item.BUILD)
                .everywhere()
                .to("carol", "oliver", "erin", "bob")
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader"));
        for (String id : new String[] {"carol", "oliver", "erin", "bob", "reader"}) {
            User.getById(id, true);
        }
        r.jenkins.save();
    }

    /** The folder's declaration of an environment; changing it changes the folder's protection at once. */
    static EnvironmentDefinition environment(SampleProject sample, String name) {
        return JitployFolderProperty.effectiveFor(sample.folder).stream()
                .filter(e -> e.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    static WorkflowRun startAs(WorkflowJob job, String user) throws Exception {
        return job.scheduleBuild2(0, new CauseAction(new Cause.UserIdCause(user)))
                .waitForStart();
    }

    /** POSTs an approval as {@code user}; returns the HTTP status. */
    static int approve(JenkinsRule r, WorkflowRun build, String user) throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login(user);
        WebRequest post = new WebRequest(
                wc.createCrumbedUrl(build.getUrl() + "jitploy-approval-staging/approve"), HttpMethod.POST);
        return wc.getPage(post).getWebResponse().getStatusCode();
    }

    @Test
    void aDeployWaitsForAnApprovalThatCountsAndThenRuns(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        secure(r);
        EnvironmentDefinition staging = environment(sample, "staging");
        staging.setDeployers("ops");
        staging.setRequiredApprovals(1);

        WorkflowRun build = startAs(sample.branch("main"), "carol");
        r.waitForMessage(
                "[jitploy] Waiting for approval: 0 of 1 approval for staging; 1 more needed from one of [ops],"
                        + " other than carol (who requested it).",
                build);
        ApprovalAction approvals = build.getAction(ApprovalAction.class);
        assertThat(approvals.isOpen()).isTrue();

        JenkinsRule.WebClient get = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        get.login("oliver");
        assertThat(get.goTo(build.getUrl() + "jitploy-approval-staging/approve", null)
                        .getWebResponse()
                        .getStatusCode())
                .as("approving needs POST")
                .isIn(404, 405);
        assertThat(approve(r, build, "reader")).as("no Jitploy/Deploy").isEqualTo(403);
        assertThat(approve(r, build, "carol")).as("the requester").isEqualTo(403);
        assertThat(approve(r, build, "bob")).as("not in ops").isEqualTo(403);
        assertThat(approvals.approvals()).isEmpty();
        assertThat(build.isBuilding()).isTrue();

        assertThat(approve(r, build, "oliver")).isEqualTo(200);

        r.assertBuildStatusSuccess(r.waitForCompletion(build));
        r.assertLogContains("[jitploy] Approved: 1 of 1 approval for staging (oliver).", build);
        r.assertLogContains("deploying shop", build);
        assertThat(approvals.isOpen()).isFalse();
        assertThat(approvals.approvals()).extracting(a -> a.approver().id()).containsExactly("oliver");
    }

    @Test
    void aManualDeployBySomeoneWhoIsNotADeployerFailsSayingWhoMay(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        secure(r);
        environment(sample, "staging").setDeployers("ops");

        WorkflowRun refused = r.waitForCompletion(startAs(sample.branch("main"), "bob"));

        r.assertBuildStatus(Result.FAILURE, refused);
        r.assertLogContains("bob (groups: authenticated, dev) may not deploy to staging", refused);
        r.assertLogContains("protection.deployers of staging lists only [ops]", refused);
        r.assertBuildStatusSuccess(r.waitForCompletion(startAs(sample.branch("main"), "carol")));
    }

    @Test
    void onlyPromotersPromoteAndOnlyLockersLock(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        secure(r);
        environment(sample, "production").setPromoters("release-managers");
        environment(sample, "staging").setLockers("sre");
        WorkflowJob release = sample.folder.createProject(WorkflowJob.class, "release");
        release.setDefinition(
                new CpsFlowDefinition("promote(from: 'staging', to: 'production', application: 'shop')", true));
        WorkflowJob lock = sample.folder.createProject(WorkflowJob.class, "lock");
        lock.setDefinition(new CpsFlowDefinition(
                "jitploySetLock(environment: 'staging', application: 'shop', reason: 'maintenance', expires: '1h')",
                true));

        WorkflowRun promotion = r.waitForCompletion(startAs(release, "carol"));
        WorkflowRun locking = r.waitForCompletion(startAs(lock, "carol"));

        r.assertBuildStatus(Result.FAILURE, promotion);
        r.assertLogContains("carol (groups: authenticated, ops) may not promote into production", promotion);
        r.assertLogContains("protection.promoters of production lists only [release-managers]", promotion);
        r.assertBuildStatus(Result.FAILURE, locking);
        r.assertLogContains("may not lock staging: protection.lockers of staging lists only [sre]", locking);
        assertThat(JitployRuntime.of(sample.folder).coordinator().locks()).isEmpty();
    }
}
