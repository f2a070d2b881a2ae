package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** One rule for names, whether declared in .jitploy.yml or in a host's settings. */
class EnvironmentNamesTest {
    @Test
    void acceptsWhatTheRepositoryFileAccepts() {
        assertThat(EnvironmentNames.isValid("eu.prod")).isTrue();
        assertThat(EnvironmentNames.isValid("staging_2-b")).isTrue();
        assertThat(EnvironmentNames.isValid("a".repeat(63))).isTrue();
        assertThat(EnvironmentNames.isValid("a".repeat(64))).isFalse();
        assertThat(EnvironmentNames.isValid("-staging")).isFalse();
        assertThat(EnvironmentNames.isValid("my env")).isFalse();
        assertThat(EnvironmentNames.isValid("")).isFalse();
        assertThat(EnvironmentNames.isValid(null)).isFalse();
    }

    @Test
    void theParserRefusesWithTheSameRule() {
        String yaml = "version: 1\napplication: shop\nenvironments:\n  'my env':\n    branches: [main]\n";
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, ".jitploy.yml"))
                .hasMessageContaining("environment name 'my env' is not allowed")
                .hasMessageContaining(EnvironmentNames.RULE);
    }
}
