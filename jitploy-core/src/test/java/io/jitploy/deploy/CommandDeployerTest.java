package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.ledger.ReleaseResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole flow in the core with a real deploy command: what a user's deploy script sees and how it ends. */
class CommandDeployerTest {
    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void startEngine() throws Exception {
        engine = new Engine(dir);
    }

    @AfterEach
    void stopEngine() {
        engine.close();
    }

    private CommandDeployer command(String script) {
        return command(script, Map.of("APP_GREETING", "hello"));
    }

    private CommandDeployer command(String script, Map<String, String> decrypted) {
        return new CommandDeployer(List.of("sh", "-c", script), dir, dir.resolve("deploy.log"), start -> decrypted);
    }

    @Test
    void theCommandRunsWithTheDeployVariablesAndTheCallersExtraVariables() throws Exception {
        engine.orchestrator
                .run(engine.push("staging", "v1").build(), command("true"))
                .get(30, TimeUnit.SECONDS);

        DeployReport report = engine.orchestrator
                .run(
                        engine.push("staging", "v2").build(),
                        command("echo \"$JITPLOY_ENV $JITPLOY_VERSION $JITPLOY_SHA $JITPLOY_PREVIOUS_VERSION"
                                + " $JITPLOY_TRIGGER $APP_GREETING\" > out.txt"))
                .get(30, TimeUnit.SECONDS);

        assertThat(report.release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(Files.readString(dir.resolve("out.txt")).trim())
                .isEqualTo("staging v2 " + Engine.sha("v2") + " v1 push hello");
    }

    @Test
    void aDecryptedVariableInTheReservedNamespaceFailsTheDeployBeforeTheCommandRuns() throws Exception {
        DeployReport report = engine.orchestrator
                .run(
                        engine.push("staging", "v1").build(),
                        command("touch ran.txt", Map.of("APP_GREETING", "hello", "jitploy_version", "spoofed-value")))
                .get(30, TimeUnit.SECONDS);

        assertThat(report.release().result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(report.detail())
                .contains("defines jitploy_version")
                .contains("jitploy edit -e staging")
                .doesNotContain("spoofed-value");
        assertThat(dir.resolve("ran.txt")).doesNotExist();
    }

    @Test
    void aNonZeroExitFailsTheReleaseAndSaysWhereTheLogIs() throws Exception {
        DeployReport report = engine.orchestrator
                .run(engine.push("staging", "v1").build(), command("echo migrating; exit 3"))
                .get(30, TimeUnit.SECONDS);

        assertThat(report.release().result()).isEqualTo(ReleaseResult.FAILED);
        assertThat(report.detail()).isEqualTo("sh exited with 3 (see " + dir.resolve("deploy.log") + ")");
        assertThat(Files.readString(dir.resolve("deploy.log"))).contains("migrating");
        assertThat(engine.ledger.live(Engine.APP, "staging")).isEmpty();
    }
}
