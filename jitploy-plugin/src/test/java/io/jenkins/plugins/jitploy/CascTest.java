package io.jenkins.plugins.jitploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import io.jenkins.plugins.jitploy.folder.EnvironmentDefinition;
import io.jenkins.plugins.jitploy.folder.JitployGlobalConfiguration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controller-wide environments import from and export to JCasC YAML. */
@WithJenkinsConfiguredWithCode
class CascTest {
    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void imports(JenkinsConfiguredWithCodeRule r) {
        List<EnvironmentDefinition> environments =
                JitployGlobalConfiguration.get().getEnvironments();
        assertThat(environments).extracting(EnvironmentDefinition::getName).containsExactly("staging", "production");
        EnvironmentDefinition staging = environments.get(0);
        assertThat(staging.branchPatterns()).containsExactly("main", "release/*");
        assertThat(staging.getCredentialsId()).isEqualTo("staging-key");
        assertThat(staging.getUrl()).isEqualTo("https://staging.example.com");
        EnvironmentDefinition production = environments.get(1);
        assertThat(production.getRequiredApprovals()).isEqualTo(1);
        assertThat(production.getPromoteFrom()).isEqualTo("staging");
        assertThat(production.getFreezes()).singleElement().satisfies(freeze -> {
            assertThat(freeze.getCron()).isEqualTo("0 18 * * FRI");
            assertThat(freeze.getDuration()).isEqualTo("62h");
            assertThat(freeze.getTimezone()).isEqualTo("Europe/Paris");
            assertThat(freeze.getReason()).isEqualTo("weekend");
        });
    }

    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void exports(JenkinsConfiguredWithCodeRule r) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode jitploy = Util.getUnclassifiedRoot(context).get("jitploy");
        assertThat(Util.toYamlString(jitploy)).isEqualTo(Util.toStringFromYamlFile(this, "casc_expected_output.yml"));
    }
}
