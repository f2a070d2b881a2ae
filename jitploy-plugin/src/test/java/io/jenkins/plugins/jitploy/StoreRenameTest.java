package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import java.nio.file.Files;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Renaming a folder or project keeps its release history and what promotion and rollback rebuild. */
@WithJenkins
@WithGitSampleRepo
class StoreRenameTest {
    @Test
    void renamesKeepTheReleaseHistoryAndTheBuildsToRebuild(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        String releaseId = sample.branch("main")
                .getLastBuild()
                .getAction(ReleaseAction.class)
                .getReleaseId();

        sample.folder.renameTo("platform");

        assertThat(JitployRuntime.root().resolve("team")).doesNotExist();
        assertThat(Files.isDirectory(JitployRuntime.root().resolve("platform").resolve("ledger")))
                .isTrue();
        assertThat(sample.live("staging").getString("releaseId"))
                .as("the folder's history moved with it")
                .isEqualTo(releaseId);
        assertThat(JitployRuntime.of(sample.folder).runOf(releaseId))
                .as("the build that deployed it is found under its new name")
                .hasValueSatisfying(
                        build -> assertThat(build.getExternalizableId()).isEqualTo("platform/shop/main#1"));

        sample.project.renameTo("store"); // a project inside the store

        assertThat(JitployRuntime.of(sample.folder).runOf(releaseId))
                .hasValueSatisfying(
                        build -> assertThat(build.getExternalizableId()).isEqualTo("platform/store/main#1"));
        WorkflowJob release = sample.folder.createProject(WorkflowJob.class, "release");
        release.setDefinition(
                new CpsFlowDefinition("promote(from: 'staging', to: 'production', application: 'shop')", true));
        WorkflowRun promotion = r.buildAndAssertSuccess(release);
        r.assertLogContains("[jitploy] Scheduled platform/store/main pinned to release " + releaseId, promotion);
        assertThat(sample.live("production").getString("sha"))
                .isEqualTo(sample.live("staging").getString("sha"));
    }
}
