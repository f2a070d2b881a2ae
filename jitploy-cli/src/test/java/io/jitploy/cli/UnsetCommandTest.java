package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsetCommandTest {
    @TempDir
    Path temp;

    @Test
    void removes_the_key_and_leaves_every_other_value_line_identical() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        List<String> before = cli.read("config/staging.enc.yaml").lines().toList();

        cli.ok("unset", "-e", "staging", "GREETING");

        List<String> after = cli.read("config/staging.enc.yaml").lines().toList();
        List<String> expected = new ArrayList<>(before.subList(0, before.indexOf("sops:")));
        expected.removeIf(line -> line.startsWith("GREETING:"));
        assertThat(after.subList(0, after.indexOf("sops:"))).isEqualTo(expected);
        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).doesNotContain("GREETING");
    }

    @Test
    void a_tampered_file_is_refused_with_exit_code_4() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Tampering.flipValue(cli.path("config/staging.enc.yaml"), "port:");
        byte[] before = Files.readAllBytes(cli.path("config/staging.enc.yaml"));

        CliHarness.Result result = cli.run("unset", "-e", "staging", "GREETING");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TAMPERED);
        assertThat(Files.readAllBytes(cli.path("config/staging.enc.yaml"))).isEqualTo(before);
    }
}
