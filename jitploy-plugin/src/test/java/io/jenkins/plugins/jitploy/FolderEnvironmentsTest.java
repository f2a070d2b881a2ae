package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.AbortException;
import hudson.util.FormValidation;
import io.jenkins.plugins.jitploy.folder.EnvironmentDefinition;
import io.jenkins.plugins.jitploy.folder.FolderEnvironments;
import io.jenkins.plugins.jitploy.folder.FreezeDefinition;
import io.jenkins.plugins.jitploy.folder.JitployFolderProperty;
import io.jenkins.plugins.jitploy.folder.JitployGlobalConfiguration;
import io.jitploy.config.FolderDefaults;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.htmlunit.html.DomNode;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlInput;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class FolderEnvironmentsTest {
    private JenkinsRule r;

    @BeforeEach
    void setUp(JenkinsRule rule) {
        r = rule;
    }

    private static EnvironmentDefinition production() {
        EnvironmentDefinition production = new EnvironmentDefinition("production");
        production.setCredentialsId("production-key");
        production.setBranches("main\nrelease/*");
        production.setDeployers("release-managers");
        production.setRequiredApprovals(1);
        production.setHealthCheckUrl("https://shop.example.com/health");
        production.setHealthCheckStatus(204);
        production.setAutoRollback(true);
        production.setUrl("https://shop.example.com");
        production.setPromoteFrom("staging");
        FreezeDefinition weekend = new FreezeDefinition("0 18 * * FRI", "62h");
        weekend.setTimezone("Europe/Paris");
        weekend.setReason("weekend");
        production.setFreezes(List.of(weekend));
        return production;
    }

    @Test
    void folderPropertySurvivesTheConfigurationForm() throws Exception {
        Folder folder = r.jenkins.createProject(Folder.class, "team");
        JitployFolderProperty before = new JitployFolderProperty(List.of(production()));
        folder.addProperty(before);
        r.configRoundtrip(folder);
        JitployFolderProperty after = folder.getProperties().get(JitployFolderProperty.class);
        r.assertEqualDataBoundBeans(before.getEnvironments(), after.getEnvironments());
    }

    @Test
    void aFolderWithoutEnvironmentsStoresNothing() throws Exception {
        Folder folder = r.jenkins.createProject(Folder.class, "team");
        folder.addProperty(new JitployFolderProperty(List.of()));
        r.configRoundtrip(folder);
        assertThat(folder.getProperties().get(JitployFolderProperty.class)).isNull();
    }

    @Test
    void removingEveryGlobalEnvironmentInTheFormIsSaved() throws Exception {
        JitployGlobalConfiguration.get().setEnvironments(List.of(production()));
        HtmlForm form = r.createWebClient().goTo("configure").getFormByName("config");
        List<DomNode> entries = form.querySelectorAll("div.repeated-chunk[name='environments']");
        assertThat(entries).as("the form shows the saved environment").hasSize(1);
        entries.forEach(DomNode::remove);
        r.submit(form);

        assertThat(JitployGlobalConfiguration.get().getEnvironments()).isEmpty();
        // Descriptor#getConfigFile: $JENKINS_HOME/<descriptor id>.xml, read as a restart would.
        File saved = new File(r.jenkins.getRootDir(), JitployGlobalConfiguration.class.getName() + ".xml");
        assertThat(Files.readString(saved.toPath(), StandardCharsets.UTF_8)).doesNotContain("production");
    }

    @Test
    void nearestFolderWinsThenGlobal() throws Exception {
        JitployGlobalConfiguration.get().setEnvironments(List.of(new EnvironmentDefinition("global-env")));
        Folder outer = r.jenkins.createProject(Folder.class, "outer");
        outer.addProperty(new JitployFolderProperty(List.of(new EnvironmentDefinition("outer-env"))));
        Folder inner = outer.createProject(Folder.class, "inner");
        WorkflowJob innerJob = inner.createProject(WorkflowJob.class, "job");
        WorkflowJob outerJob = outer.createProject(WorkflowJob.class, "job");
        WorkflowJob rootJob = r.jenkins.createProject(WorkflowJob.class, "job");

        assertThat(names(innerJob)).containsExactly("outer-env");
        inner.addProperty(new JitployFolderProperty(List.of(new EnvironmentDefinition("inner-env"))));
        assertThat(names(innerJob)).containsExactly("inner-env");
        assertThat(names(outerJob)).containsExactly("outer-env");
        assertThat(names(rootJob)).containsExactly("global-env");
    }

    private static List<String> names(WorkflowJob job) {
        return JitployFolderProperty.effectiveFor(job).stream()
                .map(EnvironmentDefinition::getName)
                .toList();
    }

    /**
     * Form validation only warns: Save still submits. What every deploy would then fail on (here a freeze duration
     * that does not parse) is refused when the form is saved, and what was saved before stays.
     */
    @Test
    void theFolderFormRefusesEnvironmentsADeployCouldNotUse() throws Exception {
        Folder folder = r.jenkins.createProject(Folder.class, "team");
        folder.addProperty(new JitployFolderProperty(List.of(production())));
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = wc.getPage(folder, "configure").getFormByName("config");
        HtmlInput duration = form.querySelector("div.repeated-chunk[name='environments'] input[name='_.duration']");
        duration.setValue("soon");

        HtmlPage refused = r.submit(form);

        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.asNormalizedText()).contains("Environment 'production', Freeze window duration");
        assertThat(folder.getProperties().get(JitployFolderProperty.class).getEnvironments())
                .singleElement()
                .satisfies(
                        env -> assertThat(env.getFreezes().get(0).getDuration()).isEqualTo("62h"));
    }

    @Test
    void theGlobalFormRefusesEnvironmentsADeployCouldNotUse() throws Exception {
        JitployGlobalConfiguration.get().setEnvironments(List.of(production()));
        JenkinsRule.WebClient wc = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = wc.goTo("configure").getFormByName("config");
        HtmlInput url = form.querySelector("div.repeated-chunk[name='environments'] input[name='_.url']");
        url.setValue("shop.example.com");

        HtmlPage refused = r.submit(form);

        assertThat(refused.getWebResponse().getStatusCode()).isEqualTo(400);
        assertThat(refused.asNormalizedText()).contains("Environment 'production', Environment URL");
        assertThat(JitployGlobalConfiguration.get().getEnvironments())
                .singleElement()
                .satisfies(env -> assertThat(env.getUrl()).isEqualTo("https://shop.example.com"));
        File saved = new File(r.jenkins.getRootDir(), JitployGlobalConfiguration.class.getName() + ".xml");
        assertThat(Files.readString(saved.toPath(), StandardCharsets.UTF_8)).contains("https://shop.example.com");
    }

    /** JCasC and config.xml bypass the forms: a deploy then fails with what to fix, not with a stack trace. */
    @Test
    void unusableDeclarationsFromElsewhereFailWithWhatToFix() throws Exception {
        EnvironmentDefinition production = production();
        FreezeDefinition typo = new FreezeDefinition("0 18 * * FRI", "62h");
        typo.setTimezone("Europe/Pariss");
        production.setFreezes(List.of(typo));
        JitployGlobalConfiguration.get().setEnvironments(List.of(production));
        WorkflowJob job = r.jenkins.createProject(WorkflowJob.class, "job");
        assertThatThrownBy(() -> FolderEnvironments.of(job).toFolderDefaultsOrAbort())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("Environment 'production', Freeze window time zone");

        JitployGlobalConfiguration.get().setEnvironments(List.of(production(), production()));
        assertThatThrownBy(() -> FolderEnvironments.of(job).toFolderDefaultsOrAbort())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("Environment 'production' is declared twice");

        JitployGlobalConfiguration.get().setEnvironments(List.of(new EnvironmentDefinition(" ")));
        assertThatThrownBy(() -> FolderEnvironments.of(job).toFolderDefaultsOrAbort())
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("An environment has no name");
    }

    /** The form accepts exactly the environment names .jitploy.yml accepts (the core's ConfigParser.NAME). */
    @Test
    void theNameRuleIsTheRepositoryFilesRule() {
        EnvironmentDefinition.DescriptorImpl descriptor =
                r.jenkins.getDescriptorByType(EnvironmentDefinition.DescriptorImpl.class);
        for (String valid : List.of("production", "eu.prod", "v1.2_canary-b", "a".repeat(63))) {
            assertThat(descriptor.doCheckName(null, valid).kind).as(valid).isEqualTo(FormValidation.Kind.OK);
            assertThat(descriptor.doCheckPromoteFrom(null, valid).kind)
                    .as(valid)
                    .isEqualTo(FormValidation.Kind.OK);
        }
        for (String invalid : List.of(".prod", "my env", "prod/eu", "a".repeat(64))) {
            assertThat(descriptor.doCheckName(null, invalid).kind).as(invalid).isEqualTo(FormValidation.Kind.ERROR);
        }
    }

    @Test
    void folderDeclarationsReachTheCoreAsFolderDefaults() throws Exception {
        Folder folder = r.jenkins.createProject(Folder.class, "team");
        folder.addProperty(new JitployFolderProperty(List.of(production())));
        WorkflowJob job = folder.createProject(WorkflowJob.class, "job");

        FolderDefaults defaults = FolderEnvironments.of(job).toFolderDefaults();

        FolderDefaults.FolderEnvironment env = defaults.environments().get("production");
        assertThat(env.credentialsId()).contains("production-key");
        assertThat(env.branches()).containsExactly("main", "release/*");
        assertThat(env.protection().orElseThrow().deployers()).containsExactly("release-managers");
        assertThat(env.protection().orElseThrow().requiredApprovals()).isEqualTo(1);
        assertThat(env.health().orElseThrow().expectedStatus()).isEqualTo(204);
        assertThat(env.health().orElseThrow().autoRollback()).isTrue();
        assertThat(env.freezes()).singleElement().satisfies(freeze -> {
            assertThat(freeze.duration()).hasHours(62);
            assertThat(freeze.zone().getId()).isEqualTo("Europe/Paris");
            assertThat(freeze.reason()).isEqualTo("weekend");
        });
        assertThat(env.url()).hasValueSatisfying(url -> assertThat(url).hasHost("shop.example.com"));
        assertThat(env.promoteFrom()).contains("staging");
    }
}
