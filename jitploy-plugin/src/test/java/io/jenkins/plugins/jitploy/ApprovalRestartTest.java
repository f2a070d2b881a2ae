package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import io.jenkins.plugins.jitploy.access.ApprovalAction;
import io.jenkins.plugins.jitploy.folder.EnvironmentDefinition;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.BuildWatcherExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** A deploy waiting for approvals holds no thread and keeps waiting across a restart, with the approvals given. */
@WithGitSampleRepo
class ApprovalRestartTest {
    @SuppressWarnings("unused")
    @RegisterExtension
    private static final BuildWatcherExtension BUILD_WATCHER = new BuildWatcherExtension();

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @Test
    void approvalsGivenBeforeAndAfterARestartBothCount(GitSampleRepoRule repo) throws Throwable {
        sessions.then(r -> {
            SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
            ProtectionTest.secure(r);
            EnvironmentDefinition staging = ProtectionTest.environment(sample, "staging");
            staging.setDeployers("ops");
            staging.setRequiredApprovals(2);
            sample.folder.save();
            WorkflowRun build = ProtectionTest.startAs(sample.branch("main"), "carol");
            r.waitForMessage("[jitploy] Waiting for approval: 0 of 2 approvals for staging", build);
            assertThat(ProtectionTest.approve(r, build, "oliver")).isEqualTo(200);
            r.waitForMessage("[jitploy] Waiting for approval: 1 of 2 approvals for staging (oliver)", build);
        });
        sessions.then(r -> {
            Folder folder = r.jenkins.getItemByFullName("team", Folder.class);
            WorkflowMultiBranchProject project =
                    r.jenkins.getItemByFullName("team/shop", WorkflowMultiBranchProject.class);
            WorkflowRun build = project.getItem("main").getLastBuild();
            assertThat(build.isBuilding()).as("still waiting for approval").isTrue();
            assertThat(build.getAction(ApprovalAction.class).approvals())
                    .extracting(a -> a.approver().id())
                    .containsExactly("oliver");
            assertThat(ProtectionTest.approve(r, build, "oliver"))
                    .as("the same person twice")
                    .isEqualTo(403);

            assertThat(ProtectionTest.approve(r, build, "erin")).isEqualTo(200);

            r.assertBuildStatusSuccess(r.waitForCompletion(build));
            r.assertLogContains("[jitploy] Approved: 2 of 2 approvals for staging (oliver, erin).", build);
            assertThat(JitployRuntime.of(folder).ledger().live("shop", "staging"))
                    .hasValueSatisfying(release -> {
                        assertThat(release.user()).isEqualTo("carol");
                        assertThat(release.id())
                                .isEqualTo(build.getAction(ReleaseAction.class).getReleaseId());
                    });
        });
    }
}
