package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Item;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.jitploy.github.GitHubFolderProperty;
import java.util.concurrent.Callable;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The folder's GitHub settings: round trip, nearest folder, and web methods answering only who may configure. */
@WithJenkins
class GitHubFolderPropertyTest {
    private JenkinsRule r;
    private Folder folder;
    private GitHubFolderProperty.DescriptorImpl descriptor;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        folder = r.jenkins.createProject(Folder.class, "team");
        SampleProject.addSecretText("github-token", "ghp_notARealToken0123456789abcdefABCDEF01");
        descriptor = r.jenkins.getDescriptorByType(GitHubFolderProperty.DescriptorImpl.class);
    }

    private void secure() {
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader", "admin")
                .grant(Item.CONFIGURE)
                .onItems(folder)
                .to("admin"));
    }

    private static <T> T as(String user, Callable<T> call) throws Exception {
        try (ACLContext ignored = ACL.as2(User.getById(user, true).impersonate2())) {
            return call.call();
        }
    }

    @Test
    void settingsSurviveTheConfigurationForm() throws Exception {
        GitHubFolderProperty before = new GitHubFolderProperty("github-token");
        before.setRepository("acme/shop");
        before.setApiUrl("https://ghe.example.com/api/v3");
        folder.addProperty(before);

        r.configRoundtrip(folder);

        GitHubFolderProperty after = folder.getProperties().get(GitHubFolderProperty.class);
        r.assertEqualDataBoundBeans(before, after);
    }

    @Test
    void withoutCredentialNothingIsStored() throws Exception {
        GitHubFolderProperty empty = new GitHubFolderProperty("");
        empty.setRepository("acme/shop");
        folder.addProperty(empty);

        r.configRoundtrip(folder);

        assertThat(folder.getProperties().get(GitHubFolderProperty.class)).isNull();
    }

    @Test
    void theNearestFolderWithACredentialApplies() throws Exception {
        GitHubFolderProperty outer = new GitHubFolderProperty("github-token");
        folder.addProperty(outer);
        Folder inner = folder.createProject(Folder.class, "inner");
        WorkflowJob job = inner.createProject(WorkflowJob.class, "job");
        assertThat(GitHubFolderProperty.nearest(job)).isSameAs(outer);

        GitHubFolderProperty closer = new GitHubFolderProperty("github-token");
        closer.setRepository("acme/other");
        inner.addProperty(closer);
        assertThat(GitHubFolderProperty.nearest(job)).isSameAs(closer);
        assertThat(GitHubFolderProperty.nearest(r.jenkins.createProject(WorkflowJob.class, "root")))
                .isNull();
    }

    @Test
    void tokensAreListedAndCheckedOnlyForThoseWhoMayConfigure() throws Exception {
        secure();
        ListBoxModel forReader = as("reader", () -> descriptor.doFillCredentialsIdItems(folder, ""));
        ListBoxModel forAdmin = as("admin", () -> descriptor.doFillCredentialsIdItems(folder, ""));
        assertThat(forReader).extracting(option -> option.value).doesNotContain("github-token");
        assertThat(forAdmin).extracting(option -> option.value).contains("github-token");

        assertThat(as("reader", () -> descriptor.doCheckCredentialsId(folder, "nope")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> descriptor.doCheckCredentialsId(folder, "nope")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("admin", () -> descriptor.doCheckCredentialsId(folder, "github-token")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("reader", () -> descriptor.doCheckRepository(folder, "not a repo")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> descriptor.doCheckRepository(folder, "not a repo")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("admin", () -> descriptor.doCheckRepository(folder, "https://github.com/acme/shop.git")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("reader", () -> descriptor.doCheckApiUrl(folder, "ftp://ghe")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> descriptor.doCheckApiUrl(folder, "ftp://ghe")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("admin", () -> descriptor.doCheckApiUrl(folder, "https://ghe.example.com/api/v3")).kind)
                .isEqualTo(FormValidation.Kind.OK);
    }

    @Test
    void theTokenListRequiresPost() throws Exception {
        secure();
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login("admin");
        String url = "job/team/descriptorByName/" + GitHubFolderProperty.class.getName() + "/fillCredentialsIdItems";
        assertThat(wc.goTo(url, null).getWebResponse().getStatusCode()).isIn(404, 405);
        WebRequest post = new WebRequest(wc.createCrumbedUrl(url), HttpMethod.POST);
        assertThat(wc.getPage(post).getWebResponse().getStatusCode()).isEqualTo(200);
    }
}
