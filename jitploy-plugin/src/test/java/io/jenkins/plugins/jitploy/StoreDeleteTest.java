package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import io.jenkins.plugins.jitploy.releases.ReleaseAction;
import io.jitploy.ledger.FileReleaseLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.junit.jupiter.WithGitSampleRepo;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** Deleting a top-level folder closes its store and keeps its release history, apart from any new folder. */
@WithJenkins
@WithGitSampleRepo
class StoreDeleteTest {
    @Test
    void deletingTheFolderClosesItsStoreAndSetsItsHistoryAside(JenkinsRule r, GitSampleRepoRule repo) throws Exception {
        SampleProject sample = new SampleProject(r, repo).create(SampleProject.JENKINSFILE);
        String releaseId = sample.branch("main")
                .getLastBuild()
                .getAction(ReleaseAction.class)
                .getReleaseId();
        assertThat(JitployRuntime.ifOpen(sample.folder)).isPresent();

        sample.folder.delete();

        assertThat(JitployRuntime.ifOpen(sample.folder)).as("closed").isEmpty();
        assertThat(JitployRuntime.root().resolve("team")).doesNotExist();
        List<Path> kept;
        try (Stream<Path> stores = Files.list(JitployRuntime.root())) {
            kept = stores.filter(store -> store.getFileName().toString().startsWith("team@deleted-"))
                    .toList();
        }
        assertThat(kept).hasSize(1);
        try (FileReleaseLedger ledger = FileReleaseLedger.open(kept.get(0).resolve("ledger"))) {
            assertThat(ledger.byId(releaseId))
                    .as("the history is kept, and its ledger was closed (else it could not be opened again)")
                    .isPresent();
        }

        Folder again = r.jenkins.createProject(Folder.class, "team");

        List<?> applications = r.getJSON(again.getUrl() + "jitploy/api/json?depth=2")
                .getJSONObject()
                .getJSONArray("applications");
        assertThat(applications)
                .as("a new folder of the same name starts with a store of its own")
                .isEmpty();
    }
}
