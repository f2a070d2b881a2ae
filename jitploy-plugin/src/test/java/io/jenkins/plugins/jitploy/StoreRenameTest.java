package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import java.nio.file.Files;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.test.steps.SemaphoreStep;
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
        assertThat(sample.live("staging").getString("buildUrl"))
                .as("links to the build where it is now")
                .endsWith("job/platform/job/shop/job/main/1/");
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

    /**
     * The Rename page refuses while a job inside builds; a script's renameTo (or the Folders plugin's Move) does not.
     * The deploy in flight keeps the store it holds, and the store's directory follows the new name when Jenkins
     * stops.
     */
    @Test
    void aFolderRenamedWhileItDeploysKeepsItsStoreUntilJenkinsStops(JenkinsRule r, GitSampleRepoRule repo)
            throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        repo.write("Jenkinsfile", "node {\n  checkout scm\n  jitployDeploy {\n    semaphore 'deploying'\n  }\n}\n");
        repo.git("add", "Jenkinsfile");
        repo.git("commit", "--message=the deploy waits");
        sample.project.scheduleBuild2(0).getFuture().get();
        SemaphoreStep.waitForStart("deploying/1", null);
        WorkflowRun deploying = sample.branch("main").getLastBuild();

        sample.folder.renameTo("platform");

        assertThat(Files.isDirectory(JitployRuntime.root().resolve("team").resolve("ledger")))
                .as("the store in use stays where it is")
                .isTrue();
        SemaphoreStep.success("deploying/1", null);
        r.assertBuildStatusSuccess(r.waitForCompletion(deploying));
        String releaseId = deploying.getAction(ReleaseAction.class).getReleaseId();
        assertThat(sample.live("staging").getString("releaseId")).isEqualTo(releaseId);

        ExtensionList.lookupSingleton(JitployRuntime.StoreLifecycle.class).onBeforeShutdown(); // as Jenkins stops

        assertThat(JitployRuntime.root().resolve("team")).doesNotExist();
        assertThat(sample.live("staging").getString("releaseId"))
                .as("reopened from its new directory")
                .isEqualTo(releaseId);
        assertThat(JitployRuntime.of(sample.folder).runOf(releaseId))
                .hasValueSatisfying(build -> assertThat(build.getExternalizableId())
                        .isEqualTo("platform/shop/main#" + deploying.getNumber()));
    }
}
