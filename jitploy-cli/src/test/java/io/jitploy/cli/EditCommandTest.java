package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EditCommandTest {
    @TempDir
    Path temp;

    /** An "editor": records the file it was given and its mode, then runs the given shell line on it. */
    private String editor(String action) throws Exception {
        Path script = temp.resolve("editor.sh");
        Files.writeString(
                script,
                "#!/bin/sh\n"
                        + "echo \"$1\" > " + temp.resolve("edited-path") + "\n"
                        + "stat -c %a \"$1\" > " + temp.resolve("edited-mode") + "\n"
                        + "stat -c %a \"$(dirname \"$1\")\" >> " + temp.resolve("edited-mode") + "\n"
                        + action + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    @Test
    void re_encrypts_only_the_changed_value_and_deletes_the_private_temp_file() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        List<String> before = cli.read("config/staging.enc.yaml").lines().toList();
        cli.variables.put("EDITOR", editor("sed -i 's/5432/6543/' \"$1\""));

        cli.ok("edit", "-e", "staging");

        List<String> after = cli.read("config/staging.enc.yaml").lines().toList();
        assertThat(after.stream().filter(l -> l.contains("password:") || l.startsWith("GREETING:")))
                .isEqualTo(before.stream()
                        .filter(l -> l.contains("password:") || l.startsWith("GREETING:"))
                        .toList());
        assertThat(after.stream().filter(l -> l.startsWith("port:")).findFirst())
                .isNotEqualTo(before.stream().filter(l -> l.startsWith("port:")).findFirst());
        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).contains("6543");
        Path edited = Path.of(Files.readString(temp.resolve("edited-path")).strip());
        assertThat(edited).doesNotExist();
        assertThat(edited.getParent()).doesNotExist();
        assertThat(edited.startsWith(cli.repo)).isFalse();
        assertThat(edited.getFileName().toString()).isEqualTo("staging.yaml");
        assertThat(Files.readAllLines(temp.resolve("edited-mode"))).containsExactly("600", "700");
    }

    @Test
    void a_file_not_created_yet_is_created_from_the_editor_for_the_recipients() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init", "--application", "shop");
        cli.ok("keygen", "-e", "staging");
        cli.variables.put("EDITOR", editor("printf 'db:\\n  port: 5432\\npassword: s3cret\\n' > \"$1\""));

        assertThat(cli.ok("edit", "-e", "staging").out()).contains("Created config/staging.enc.yaml (2 keys)");

        String encrypted = cli.read("config/staging.enc.yaml");
        assertThat(encrypted).doesNotContain("s3cret").contains("ENC[AES256_GCM,");
        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).contains("password: s3cret");
        Path edited = Path.of(Files.readString(temp.resolve("edited-path")).strip());
        assertThat(edited).doesNotExist();
        assertThat(cli.ok("check", "-e", "staging").exitCode()).isZero();
    }

    @Test
    void a_file_not_created_yet_stays_uncreated_when_left_empty() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        cli.ok("init", "--application", "shop");
        cli.ok("keygen", "-e", "staging");
        cli.variables.put("EDITOR", editor("true"));

        assertThat(cli.ok("edit", "-e", "staging").out())
                .contains("Nothing written; config/staging.enc.yaml not created.");
        assertThat(cli.path("config/staging.enc.yaml")).doesNotExist();
        assertThat(cli.run("set", "-e", "staging", "KEY", "value").err())
                .as("set still needs the file, and says how to create it")
                .contains("jitploy edit -e ENV");
    }

    @Test
    void unchanged_content_leaves_the_file_byte_identical() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        byte[] before = Files.readAllBytes(cli.path("config/staging.enc.yaml"));
        cli.variables.put("EDITOR", editor("true"));

        assertThat(cli.ok("edit", "-e", "staging").out()).contains("No changes");

        assertThat(Files.readAllBytes(cli.path("config/staging.enc.yaml"))).isEqualTo(before);
    }

    @Test
    void a_failing_editor_changes_nothing_and_still_deletes_the_temp_file() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        byte[] before = Files.readAllBytes(cli.path("config/staging.enc.yaml"));
        cli.variables.put("EDITOR", editor("sed -i 's/5432/1/' \"$1\"; exit 3"));

        CliHarness.Result result = cli.run("edit", "-e", "staging");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.COMMAND);
        assertThat(result.err()).contains("exited with code 3");
        assertThat(Files.readAllBytes(cli.path("config/staging.enc.yaml"))).isEqualTo(before);
        assertThat(Path.of(Files.readString(temp.resolve("edited-path")).strip()))
                .doesNotExist();
    }

    @Test
    void invalid_edited_content_is_rejected_and_the_file_kept() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        byte[] before = Files.readAllBytes(cli.path("config/staging.enc.yaml"));
        cli.variables.put("EDITOR", editor("printf '[not, a, mapping]\\n' > \"$1\""));

        CliHarness.Result result = cli.run("edit", "-e", "staging");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.FILE);
        assertThat(Files.readAllBytes(cli.path("config/staging.enc.yaml"))).isEqualTo(before);
        assertThat(Path.of(Files.readString(temp.resolve("edited-path")).strip()))
                .doesNotExist();
    }

    @Test
    void a_tampered_file_is_not_opened_in_the_editor() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Tampering.flipValue(cli.path("config/staging.enc.yaml"), "port:");
        cli.variables.put("EDITOR", editor("true"));

        CliHarness.Result result = cli.run("edit", "-e", "staging");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.TAMPERED);
        assertThat(temp.resolve("edited-path")).doesNotExist();
    }
}
