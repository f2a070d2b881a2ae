package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeygenCommandTest {
    @TempDir
    Path temp;

    @Test
    void stores_the_identity_privately_and_declares_the_recipient() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init", "--application", "shop");

        CliHarness.Result result = cli.ok("keygen", "-e", "staging");

        String recipient = result.out().strip();
        assertThat(recipient).startsWith("age1");
        String keys = Files.readString(cli.keyFile());
        assertThat(keys)
                .contains("# env: staging", "# public key: " + recipient)
                .containsPattern("AGE-SECRET-KEY-1\\w+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cli.keyFile())))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(cli.keyFile().getParent())))
                .isEqualTo("rwx------");
        assertThat(Project.load(cli.repo).environment("staging").recipients().age())
                .containsExactly(recipient);
        assertThat(result.err()).contains("Secret text", "jitploy-shop-staging");
        assertThat(result.out() + result.err()).doesNotContainPattern("AGE-SECRET-KEY-1[0-9A-Z]{10}");
        assertThat(cli.read(".jitploy.yml")).doesNotContain("AGE-SECRET-KEY");
    }

    @Test
    void a_second_key_is_appended_and_the_existing_file_is_rewrapped_for_it() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);

        String second = cli.ok("keygen", "-e", "staging").out().strip();

        assertThat(Files.readString(cli.keyFile()))
                .containsOnlyOnce("# env: production")
                .contains(second);
        assertThat(cli.read("config/staging.enc.yaml")).contains(second);
        assertThat(cli.ok("check", "-e", "staging").out()).contains("ok");
    }

    @Test
    void honours_JITPLOY_KEYS_FILE() {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init");
        Path custom = temp.resolve("elsewhere/my-keys.txt");
        cli.variables.put("JITPLOY_KEYS_FILE", custom.toString());

        cli.ok("keygen", "-e", "production");

        assertThat(custom).content().contains("# env: production");
        assertThat(cli.keyFile()).doesNotExist();
    }

    @Test
    void unknown_environment_and_missing_project_file_are_config_errors() {
        CliHarness cli = CliHarness.create(temp);
        assertThat(cli.run("keygen", "-e", "staging").exitCode()).isEqualTo(ExitCodes.CONFIG);

        cli.ok("init");
        CliHarness.Result unknown = cli.run("keygen", "-e", "qa");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.CONFIG);
        assertThat(unknown.err()).contains("Unknown environment 'qa'", "staging, production");
        assertThat(cli.keyFile()).doesNotExist();
    }
}
