package io.jitploy.github;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.ConfigLoader;
import org.junit.jupiter.api.Test;

class ApplicationGitHubTest {
    @Test
    void theLastStageOfEachPromotionChainIsProductionAndThePreviewIsTransient() {
        ApplicationGitHub.Environments roles = ApplicationGitHub.Environments.of(ConfigLoader.parse(
                """
                version: 1
                environments:
                  dev: {branches: [main], file: dev.enc.yaml}
                  staging: {promote_from: dev, file: staging.enc.yaml}
                  prod-eu: {promote_from: staging, file: prod-eu.enc.yaml}
                  production: {branches: [release], file: production.enc.yaml}
                  preview: {pull_requests: true, file: preview.enc.yaml}
                  sandbox: {branches: [sandbox], file: sandbox.enc.yaml, github: {deployments: false}}
                """,
                ".jitploy.yml"));

        assertThat(roles.production()).containsExactlyInAnyOrder("prod-eu", "production");
        assertThat(roles.transientOnes()).containsExactly("preview");
        assertThat(roles.deployed())
                .containsExactlyInAnyOrder("dev", "staging", "prod-eu", "production", "preview")
                .doesNotContain("sandbox");
    }

    @Test
    void aTokenIsComparedByDigest() {
        assertThat(ApplicationGitHub.digest("ghp_a")).isEqualTo(ApplicationGitHub.digest("ghp_a"));
        assertThat(ApplicationGitHub.digest("ghp_a")).isNotEqualTo(ApplicationGitHub.digest("ghp_b"));
    }
}
