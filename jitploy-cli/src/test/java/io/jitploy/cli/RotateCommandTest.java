package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotateCommandTest {
    @TempDir
    Path temp;

    @Test
    void every_value_gets_new_ciphertext_and_the_content_is_unchanged() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        String plaintext = cli.ok("decrypt", "config/staging.enc.yaml").out();
        List<String> before = cli.read("config/staging.enc.yaml")
                .lines()
                .filter(l -> l.contains("ENC["))
                .toList();

        cli.ok("rotate", "-e", "staging");

        List<String> after = cli.read("config/staging.enc.yaml")
                .lines()
                .filter(l -> l.contains("ENC["))
                .toList();
        assertThat(after).hasSameSizeAs(before).doesNotContainAnyElementsOf(before);
        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).isEqualTo(plaintext);
    }

    @Test
    void without_a_key_nothing_is_written() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        String before = cli.read("config/staging.enc.yaml");
        cli.variables.put("JITPLOY_KEYS_FILE", temp.resolve("none.txt").toString());

        assertThat(cli.run("rotate", "-e", "staging").exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(cli.read("config/staging.enc.yaml")).isEqualTo(before);
    }
}
