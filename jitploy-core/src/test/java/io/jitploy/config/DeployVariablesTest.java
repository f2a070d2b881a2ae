package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.config.DeployVariables.ReservedVariableException;
import io.jitploy.ledger.Trigger;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeployVariablesTest {
    private final EnvironmentSpec production = ConfigLoader.parse(
                    "version: 1\nenvironments:\n  production: {file: p.enc.yaml, url: 'https://shop.example.com'}\n",
                    "x.yml")
            .environment("production")
            .orElseThrow();

    @Test
    void setsEveryJitployVariableAndTheDecryptedOnes() {
        DeployVariables variables = DeployVariables.builder()
                .application("shop")
                .environment(production)
                .version("1.4.2")
                .sha("0123456789abcdef0123456789abcdef01234567")
                .previousVersion(Optional.of("1.4.1"))
                .trigger(Trigger.PROMOTE)
                .decrypted(Map.of("DATABASE_URL", "postgres://secret"))
                .build();

        assertThat(variables.asMap())
                .containsExactly(
                        Map.entry("DATABASE_URL", "postgres://secret"),
                        Map.entry("JITPLOY_APP", "shop"),
                        Map.entry("JITPLOY_ENV", "production"),
                        Map.entry("JITPLOY_PREVIOUS_VERSION", "1.4.1"),
                        Map.entry("JITPLOY_SHA", "0123456789abcdef0123456789abcdef01234567"),
                        Map.entry("JITPLOY_TRIGGER", "promote"),
                        Map.entry("JITPLOY_URL", "https://shop.example.com"),
                        Map.entry("JITPLOY_VERSION", "1.4.2"));
        assertThat(variables.toString()).contains("DATABASE_URL").doesNotContain("postgres://secret");
    }

    @Test
    void firstDeployHasAnEmptyPreviousVersion() {
        Map<String, String> variables = DeployVariables.builder()
                .application("shop")
                .environment("staging")
                .version("1")
                .sha("abc")
                .previousVersion(Optional.empty())
                .trigger(Trigger.PUSH)
                .build()
                .asMap();

        assertThat(variables).containsEntry("JITPLOY_PREVIOUS_VERSION", "").containsEntry("JITPLOY_URL", "");
        assertThat(variables).containsEntry("JITPLOY_TRIGGER", "push");
    }

    @Test
    void rejectsDecryptedVariablesInTheReservedNamespaceWithoutShowingValues() {
        DeployVariables.Builder builder = DeployVariables.builder()
                .application("shop")
                .environment(production)
                .version("1")
                .sha("abc")
                .trigger(Trigger.ROLLBACK)
                .decrypted(Map.of("JITPLOY_VERSION", "hijacked-value", "jitploy_env", "other-value", "OK", "1"));

        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(ReservedVariableException.class, e -> assertThat(e.names())
                        .containsExactly("JITPLOY_VERSION", "jitploy_env"))
                .hasMessageContaining("'production'")
                .hasMessageContaining("jitploy edit -e production")
                .hasMessageNotContaining("hijacked-value")
                .hasMessageNotContaining("other-value");
    }
}
