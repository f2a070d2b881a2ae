package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BranchMappingTest {
    private static final String CONFIG = "version: 1\nenvironments:\n"
            + "  hotfix: {branches: ['release/*/hotfix'], file: h.enc.yaml}\n"
            + "  staging: {branches: [main, 'release/**'], file: s.enc.yaml}\n"
            + "  review: {pull_requests: true, branches: ['review-?'], file: r.enc.yaml}\n"
            + "  production: {promote_from: staging, file: p.enc.yaml}\n";

    private final BranchMapping mapping = ConfigLoader.parse(CONFIG, "x.yml").branchMapping();

    @Test
    void firstMatchingEnvironmentInDeclarationOrderWins() {
        assertThat(environmentFor("release/1.2/hotfix")).isEqualTo("hotfix");
        assertThat(environmentFor("release/1.2")).isEqualTo("staging");
        assertThat(environmentFor("release/1.2/other")).isEqualTo("staging");
        assertThat(environmentFor("release")).isEqualTo("staging");
        assertThat(environmentFor("main")).isEqualTo("staging");
        assertThat(environmentFor("refs/heads/main")).isEqualTo("staging");
        assertThat(environmentFor("review-7")).isEqualTo("review");
    }

    @Test
    void unmatchedBranchesDeployNowhere() {
        assertThat(mapping.environmentFor("feature/login", false)).isEmpty();
        assertThat(mapping.environmentFor("mainline", false)).isEmpty();
        assertThat(mapping.environmentFor("review-17", false)).isEmpty();
    }

    @Test
    void pullRequestsGoToThePreviewEnvironmentOnly() {
        assertThat(mapping.environmentFor("main", true).map(EnvironmentSpec::name))
                .contains("review");
        assertThat(mapping.environmentFor("feature/x", true).map(EnvironmentSpec::name))
                .contains("review");

        BranchMapping withoutPreview = ConfigLoader.parse(
                        "version: 1\nenvironments:\n  staging: {branches: ['**'], file: s.enc.yaml}\n", "x.yml")
                .branchMapping();
        assertThat(withoutPreview.environmentFor("main", true)).isEmpty();
        assertThat(withoutPreview.environmentFor("any/deep/branch", false).map(EnvironmentSpec::name))
                .contains("staging");
    }

    @Test
    void globSyntax() {
        assertThat(BranchGlob.parse("feat*").matches("feature")).isTrue();
        assertThat(BranchGlob.parse("feat*").matches("feat/x")).isFalse();
        assertThat(BranchGlob.parse("*/fix-?").matches("team/fix-1")).isTrue();
        assertThat(BranchGlob.parse("*/fix-?").matches("team/fix-12")).isFalse();
        assertThat(BranchGlob.parse("**/hotfix").matches("hotfix")).isTrue();
        assertThat(BranchGlob.parse("**/hotfix").matches("a/b/hotfix")).isTrue();
        assertThat(BranchGlob.parse("a/**/b").matches("a/b")).isTrue();
        assertThat(BranchGlob.parse("a/**/b").matches("a/x/y/b")).isTrue();
        assertThat(BranchGlob.parse("a/**/b").matches("a/x/y/c")).isFalse();
        assertThat(BranchGlob.parse("*").matches("")).isTrue();

        assertThatThrownBy(() -> BranchGlob.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BranchGlob.parse("a b")).hasMessageContaining("space");
        assertThatThrownBy(() -> BranchGlob.parse("[ab]")).hasMessageContaining("'['");
        assertThatThrownBy(() -> BranchGlob.parse("a//b")).hasMessageContaining("empty path segment");
        assertThatThrownBy(() -> BranchGlob.parse("rel**")).hasMessageContaining("whole segment");
    }

    private String environmentFor(String branch) {
        return mapping.environmentFor(branch, false).map(EnvironmentSpec::name).orElse("<none>");
    }
}
