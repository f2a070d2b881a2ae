package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetCommandTest {
    @TempDir
    Path temp;

    @Test
    void sets_a_value_from_stdin_and_leaves_every_other_line_identical() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        List<String> before = cli.read("config/staging.enc.yaml").lines().toList();

        CliHarness.Result result = cli.stdin("from-stdin-value\n").ok("set", "-e", "staging", "API_TOKEN", "-");

        assertThat(result.out() + result.err()).doesNotContain("from-stdin-value");
        List<String> after = cli.read("config/staging.enc.yaml").lines().toList();
        List<String> data = after.subList(0, after.indexOf("sops:"));
        assertThat(data).containsAll(before.subList(0, before.indexOf("sops:")));
        assertThat(data).anyMatch(line -> line.startsWith("API_TOKEN: ENC["));
        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).contains("API_TOKEN: from-stdin-value\n");
    }

    @Test
    void value_may_be_given_as_an_argument() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        cli.ok("set", "-e", "staging", "GREETING", "bonjour");

        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).contains("GREETING: bonjour");
    }

    @Test
    void wrong_key_leaves_the_file_untouched() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        byte[] before = Files.readAllBytes(cli.path("config/staging.enc.yaml"));
        Path stranger = temp.resolve("stranger.txt");
        Files.writeString(
                stranger, io.jitploy.envfile.keys.AgeKeyPair.generate().identity() + "\n");

        CliHarness.Result result = cli.run("set", "-e", "staging", "--identity", stranger.toString(), "A", "b");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(Files.readAllBytes(cli.path("config/staging.enc.yaml"))).isEqualTo(before);
    }

    @Test
    void missing_key_argument_is_a_usage_error() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        assertThat(cli.run("set", "-e", "staging").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
