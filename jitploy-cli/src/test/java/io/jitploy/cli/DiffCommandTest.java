package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffCommandTest {
    @TempDir
    Path temp;

    @Test
    void lists_added_removed_and_changed_key_names_never_values() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        cli.commitAll("config");
        cli.ok("set", "-e", "staging", "NEW_KEY", "new-secret-value");
        cli.ok("unset", "-e", "staging", "GREETING");
        cli.ok("set", "-e", "staging", "port", "6000");

        CliHarness.Result result = cli.ok("diff", "-e", "staging");

        assertThat(result.out()).contains("+ NEW_KEY", "- GREETING", "~ port").doesNotContain("password");
        assertThat(result.out() + result.err()).doesNotContain("new-secret-value", "6000", "s3cret", "hello");
        assertThat(cli.run("diff", "-e", "staging", "--exit-code").exitCode()).isEqualTo(ExitCodes.PROBLEM);
    }

    @Test
    void rotation_alone_is_not_a_change() {
        CliHarness cli = CliHarness.withLockedProject(temp);
        cli.commitAll("config");
        cli.ok("rotate", "-e", "staging");

        assertThat(cli.ok("diff", "-e", "staging", "--exit-code").out()).contains("No key changes.");
    }

    @Test
    void compares_with_an_older_revision_and_a_file_absent_there() {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init");
        cli.commitAll("project");
        cli.ok("keygen", "-e", "staging");
        cli.write("config/staging.plain.yaml", "A: one\n");
        cli.ok("lock", "-e", "staging");
        cli.commitAll("first config");

        assertThat(cli.ok("diff", "-e", "staging", "HEAD~1").out()).contains("+ A");
        assertThat(cli.run("diff", "-e", "staging", "no-such-rev").exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("diff").exitCode()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void before_the_first_commit_every_key_is_new() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        assertThat(cli.ok("diff", "-e", "staging").out()).contains("+ GREETING", "+ db.password", "+ port");
    }

    @Test
    void textconv_prints_key_names_and_fingerprints_with_or_without_a_key() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);

        String withKey = cli.ok("diff", "--textconv", "config/staging.enc.yaml").out();
        assertThat(withKey).contains("GREETING", "# recipients: age1").doesNotContain("hello", "s3cret", "(encrypted)");

        Files.delete(cli.keyFile());
        String withoutKey =
                cli.ok("diff", "--textconv", "config/staging.enc.yaml").out();
        assertThat(withoutKey).contains("GREETING (encrypted)");
        assertThat(cli.run("diff", "--textconv").exitCode()).isEqualTo(ExitCodes.USAGE);
    }
}
