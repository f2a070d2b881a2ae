package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.model.Cause;
import hudson.model.Item;
import hudson.model.TaskListener;
import hudson.model.User;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.security.AccessDeniedException3;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.jitploy.folder.EnvironmentDefinition;
import io.jenkins.plugins.jitploy.folder.FreezeDefinition;
import io.jenkins.plugins.jitploy.github.GitHubFolderProperty;
import io.jenkins.plugins.jitploy.releases.ReleaseRequests;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import jenkins.model.Jenkins;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * Every web method answers only users who may configure the folder; promotion needs Jitploy/Promote; the REST
 * endpoint needs Item/Read. Users: {@code reader} (read only), {@code admin} (configure the folder).
 */
@WithJenkins
class PermissionsTest {
    private JenkinsRule r;
    private Folder folder;
    private EnvironmentDefinition.DescriptorImpl environments;
    private FreezeDefinition.DescriptorImpl freezes;

    @BeforeEach
    void setUp(JenkinsRule rule) throws Exception {
        r = rule;
        r.jenkins.setSecurityRealm(r.createDummySecurityRealm());
        folder = r.jenkins.createProject(Folder.class, "team");
        r.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ)
                .everywhere()
                .to("reader", "admin")
                .grant(Item.CONFIGURE)
                .onItems(folder)
                .to("admin"));
        SampleProject.addSecretText("staging-key", "AGE-SECRET-KEY-1NOTAREALKEY");
        environments = r.jenkins.getDescriptorByType(EnvironmentDefinition.DescriptorImpl.class);
        freezes = r.jenkins.getDescriptorByType(FreezeDefinition.DescriptorImpl.class);
    }

    private static <T> T as(String user, Callable<T> call) throws Exception {
        try (ACLContext ignored = ACL.as2(User.getById(user, true).impersonate2())) {
            return call.call();
        }
    }

    @Test
    void credentialListsOnlyForThoseWhoMayConfigure() throws Exception {
        ListBoxModel forReader = as("reader", () -> environments.doFillCredentialsIdItems(folder, ""));
        ListBoxModel forAdmin = as("admin", () -> environments.doFillCredentialsIdItems(folder, ""));
        assertThat(forReader).extracting(option -> option.value).doesNotContain("staging-key");
        assertThat(forAdmin).extracting(option -> option.value).contains("staging-key");
    }

    @Test
    void validationAnswersOnlyThoseWhoMayConfigure() throws Exception {
        assertThat(as("reader", () -> environments.doCheckName(folder, "bad name!")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> environments.doCheckName(folder, "bad name!")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("reader", () -> environments.doCheckPromoteFrom(folder, "bad name!")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> environments.doCheckPromoteFrom(folder, "bad name!")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("admin", () -> environments.doCheckPromoteFrom(folder, "staging")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("reader", () -> environments.doCheckCredentialsId(folder, "nope")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> environments.doCheckCredentialsId(folder, "nope")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("admin", () -> environments.doCheckCredentialsId(folder, "staging-key")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("reader", () -> environments.doCheckBranches(folder, "")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> environments.doCheckBranches(folder, "")).kind)
                .isEqualTo(FormValidation.Kind.WARNING);
        assertThat(as("reader", () -> environments.doCheckUrl(folder, "ftp://x")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> environments.doCheckUrl(folder, "ftp://x")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("reader", () -> environments.doCheckHealthCheckUrl(folder, "not a url")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> environments.doCheckHealthCheckUrl(folder, "not a url")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("admin", () -> environments.doCheckHealthCheckUrl(folder, "https://x.example.com/h")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("reader", () -> environments.doCheckRequiredApprovals(folder, "-1")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> environments.doCheckRequiredApprovals(folder, "-1")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("reader", () -> freezes.doCheckCron(folder, "not cron")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> freezes.doCheckCron(folder, "not cron")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("admin", () -> freezes.doCheckCron(folder, "0 18 * * FRI")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("reader", () -> freezes.doCheckDuration(folder, "soon")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> freezes.doCheckDuration(folder, "soon")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
        assertThat(as("reader", () -> freezes.doCheckTimezone(folder, "Mars/Olympus")).kind)
                .isEqualTo(FormValidation.Kind.OK);
        assertThat(as("admin", () -> freezes.doCheckTimezone(folder, "Mars/Olympus")).kind)
                .isEqualTo(FormValidation.Kind.ERROR);
    }

    @Test
    void everyWebMethodAnswersPostOnly() throws Exception {
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        wc.login("admin");
        String environment = "job/team/descriptorByName/" + EnvironmentDefinition.class.getName() + "/";
        String freeze = "job/team/descriptorByName/" + FreezeDefinition.class.getName() + "/";
        String github = "job/team/descriptorByName/" + GitHubFolderProperty.class.getName() + "/";
        List<String> urls = List.of(
                environment + "fillCredentialsIdItems",
                environment + "checkName?value=staging",
                environment + "checkPromoteFrom?value=staging",
                environment + "checkBranches?value=main",
                environment + "checkCredentialsId?value=staging-key",
                environment + "checkUrl?value=https://staging.example.com",
                environment + "checkHealthCheckUrl?value=https://staging.example.com/health",
                environment + "checkRequiredApprovals?value=1",
                freeze + "checkCron?value=0+18+*+*+FRI",
                freeze + "checkDuration?value=62h",
                freeze + "checkTimezone?value=UTC",
                github + "fillCredentialsIdItems",
                github + "checkCredentialsId?value=github-token",
                github + "checkRepository?value=acme/shop",
                github + "checkApiUrl?value=https://ghe.example.com/api/v3");
        for (String url : urls) {
            assertThat(wc.goTo(url, null).getWebResponse().getStatusCode())
                    .as("GET " + url)
                    .isIn(404, 405);
            WebRequest post = new WebRequest(wc.createCrumbedUrl(url), HttpMethod.POST);
            assertThat(wc.getPage(post).getWebResponse().getStatusCode())
                    .as("POST " + url)
                    .isEqualTo(200);
        }
    }

    @Test
    void promotionNeedsThePromotePermission() throws Exception {
        assertThatThrownBy(() -> as(
                        "reader",
                        () -> ReleaseRequests.promote(
                                folder,
                                "shop",
                                "staging",
                                "production",
                                "reader",
                                new Cause.UserIdCause("reader"),
                                TaskListener.NULL)))
                .isInstanceOf(AccessDeniedException3.class);
        assertThatThrownBy(() -> as(
                        "reader",
                        () -> ReleaseRequests.rollback(
                                folder,
                                "shop",
                                "staging",
                                Optional.empty(),
                                false,
                                "reader",
                                new Cause.UserIdCause("reader"),
                                TaskListener.NULL)))
                .isInstanceOf(AccessDeniedException3.class);
    }

    @Test
    void restEndpointNeedsRead() throws Exception {
        JenkinsRule.WebClient anonymous = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        assertThat(anonymous
                        .goTo("job/team/jitploy/api/json", null)
                        .getWebResponse()
                        .getStatusCode())
                .isIn(403, 404);
        JenkinsRule.WebClient reader = r.createWebClient();
        reader.login("reader");
        // net.sf.json.JSONArray is both a List and a Comparable, so AssertJ's assertThat needs the List type.
        List<Object> applications =
                reader.getJSON("job/team/jitploy/api/json").getJSONObject().getJSONArray("applications");
        assertThat(applications).isEmpty();
        reader.getJSON("job/team/api/json?depth=1"); // the item's own API exports its actions, this one included
        assertThat(JitployRuntime.root().resolve("team"))
                .as("reading creates no store for a folder that never deployed")
                .doesNotExist();
    }
}
