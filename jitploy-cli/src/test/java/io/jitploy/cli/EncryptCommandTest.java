package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.AgeKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptCommandTest {
    @TempDir
    Path temp;

    @Test
    void encrypts_for_age_recipients_from_flags_without_a_project_file() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        AgeKeyPair pair = AgeKeyPair.generate();
        cli.write("secrets.json", "{\"token\": \"abc\", \"n\": 3}\n");

        CliHarness.Result result = cli.ok("encrypt", "--age", pair.recipient(), "secrets.json");

        assertThat(result.out())
                .contains("\"token\": \"ENC[AES256_GCM", pair.recipient())
                .doesNotContain("abc");
        assertThat(cli.read("secrets.json")).contains("abc");
    }

    @Test
    void in_place_with_recipients_from_sops_creation_rules() {
        CliHarness cli = CliHarness.create(temp);
        AgeKeyPair dev = AgeKeyPair.generate();
        AgeKeyPair prod = AgeKeyPair.generate();
        cli.write(
                ".sops.yaml",
                "creation_rules:\n"
                        + "  - path_regex: prod/.*\\.env$\n    age: " + prod.recipient() + "\n"
                        + "  - path_regex: .*\n    age: >-\n      " + dev.recipient()
                        + "\n    encrypted_regex: ^PASS\n");
        cli.write("prod/app.env", "PASSWORD=p\nUSER=u\n");
        cli.write("dev/app.env", "PASSWORD=d\nUSER=u\n");

        cli.ok("encrypt", "-i", "prod/app.env");
        cli.ok("encrypt", "-i", "dev/app.env");

        assertThat(cli.read("prod/app.env")).contains(prod.recipient()).doesNotContain(dev.recipient());
        assertThat(cli.read("dev/app.env")).contains(dev.recipient(), "USER=u", "sops_encrypted_regex=^PASS");
        cli.variables.put("SOPS_AGE_KEY", prod.identity());
        assertThat(cli.ok("decrypt", "prod/app.env").out()).contains("PASSWORD=p");
    }

    @Test
    void without_recipients_or_rules_it_is_a_usage_error() {
        CliHarness cli = CliHarness.create(temp);
        cli.write("a.yaml", "a: b\n");

        CliHarness.Result result = cli.run("encrypt", "a.yaml");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("--age");
        assertThat(cli.run("encrypt", "--age", AgeKeyPair.generate().recipient(), "missing.yaml")
                        .exitCode())
                .isEqualTo(ExitCodes.FILE);
        assertThat(Files.exists(cli.path("missing.yaml"))).isFalse();
    }
}
