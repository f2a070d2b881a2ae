package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.AgeKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecryptCommandTest {
    @TempDir
    Path temp;

    @Test
    void decrypts_to_stdout_and_in_place() {
        CliHarness cli = CliHarness.withLockedProject(temp);

        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).contains("password: s3cret-staging");

        cli.ok("decrypt", "-i", "config/production.enc.yaml");
        assertThat(cli.read("config/production.enc.yaml"))
                .contains("s3cret-production")
                .doesNotContain("sops:");
    }

    @Test
    void binary_files_round_trip_through_output_files_and_are_not_printed() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        AgeKeyPair pair = AgeKeyPair.generate();
        byte[] binary = {0, (byte) 0xff, 10, 13, (byte) 0xc3, 0x28, 42};
        Files.write(cli.path("blob.bin"), binary);
        cli.variables.put("JITPLOY_AGE_KEY", pair.identity());

        cli.ok("encrypt", "--age", pair.recipient(), "-o", "blob.bin.enc", "blob.bin");
        assertThat(cli.read("blob.bin.enc")).contains("\"data\": \"ENC[AES256_GCM");

        assertThat(cli.run("decrypt", "blob.bin.enc").exitCode()).isEqualTo(ExitCodes.USAGE);
        cli.ok("decrypt", "-o", "blob.out", "blob.bin.enc");
        assertThat(Files.readAllBytes(cli.path("blob.out"))).isEqualTo(binary);
    }

    @Test
    void identity_from_each_environment_variable_source() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        AgeKeyPair pair = AgeKeyPair.generate();
        cli.write("a.yaml", "secret: value-1\n");
        cli.ok("encrypt", "-i", "--age", pair.recipient(), "a.yaml");
        Path keyFile = temp.resolve("sops-keys.txt");
        Files.writeString(keyFile, "# comment\n" + pair.identity() + "\n");

        for (String[] source : List.of(
                new String[] {"JITPLOY_AGE_KEY", pair.identity()},
                new String[] {"SOPS_AGE_KEY", pair.identity()},
                new String[] {"SOPS_AGE_KEY_FILE", keyFile.toString()})) {
            cli.variables.put(source[0], source[1]);
            assertThat(cli.ok("decrypt", "a.yaml").out()).as(source[0]).contains("value-1");
            cli.variables.remove(source[0]);
        }
        // --identity is the only source when given: the working key in the environment is not used.
        Path stranger = temp.resolve("stranger.txt");
        Files.writeString(stranger, AgeKeyPair.generate().identity() + "\n");
        cli.variables.put("JITPLOY_AGE_KEY", pair.identity());
        assertThat(cli.run("decrypt", "--identity", stranger.toString(), "a.yaml")
                        .exitCode())
                .isEqualTo(ExitCodes.KEY);
        cli.variables.remove("JITPLOY_AGE_KEY");
        Path sopsDefault = cli.home.resolve(".config/sops/age/keys.txt");
        Files.createDirectories(sopsDefault.getParent());
        Files.writeString(sopsDefault, pair.identity() + "\n");
        assertThat(cli.ok("decrypt", "a.yaml").out()).contains("value-1");
    }

    @Test
    void identity_sources_are_combined_and_reported_in_the_documented_order() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        AgeKeyPair pair = AgeKeyPair.generate();
        cli.write("a.yaml", "secret: value-1\n");
        cli.ok("encrypt", "-i", "--age", pair.recipient(), "a.yaml");
        Path config = temp.resolve("xdg");
        cli.variables.put("XDG_CONFIG_HOME", config.toString());

        CliHarness.Result none = cli.run("decrypt", "a.yaml");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(none.err())
                .contains("Looked at: $JITPLOY_AGE_KEY, $SOPS_AGE_KEY, $SOPS_AGE_KEY_FILE, "
                        + config.resolve("jitploy/keys.txt") + ", " + config.resolve("sops/age/keys.txt") + ".");

        // Keys that are not recipients in the earlier sources do not hide the right one in a later source.
        Path keyFile = temp.resolve("sops-keys.txt");
        Files.writeString(keyFile, pair.identity() + "\n");
        cli.variables.put("JITPLOY_AGE_KEY", AgeKeyPair.generate().identity());
        cli.variables.put("SOPS_AGE_KEY", AgeKeyPair.generate().identity());
        cli.variables.put("SOPS_AGE_KEY_FILE", keyFile.toString());
        assertThat(cli.ok("decrypt", "a.yaml").out()).contains("value-1");
        cli.variables.remove("SOPS_AGE_KEY_FILE");
        CliHarness.Result strangers = cli.run("decrypt", "a.yaml");
        assertThat(strangers.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(strangers.err()).contains(pair.recipient());

        // The user key file under $XDG_CONFIG_HOME.
        Files.createDirectories(config.resolve("jitploy"));
        Files.writeString(config.resolve("jitploy/keys.txt"), pair.identity() + "\n");
        assertThat(cli.ok("decrypt", "a.yaml").out()).contains("value-1");

        // A broken source is named, and its text never repeated.
        cli.variables.put("JITPLOY_AGE_KEY", "AGE-SECRET-KEY-1NOTAKEY");
        CliHarness.Result broken = cli.run("decrypt", "a.yaml");
        assertThat(broken.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(broken.err()).contains("$JITPLOY_AGE_KEY").doesNotContain("NOTAKEY");
    }

    @Test
    void data_key_wrapped_by_jitploy_opens_with_the_real_age_binary() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        AgeKeyPair pair = AgeKeyPair.generate();
        cli.write("a.yaml", "secret: value-1\n");
        cli.ok("encrypt", "-i", "--age", pair.recipient(), "a.yaml");
        Path identity = temp.resolve("id.txt");
        Files.writeString(identity, pair.identity() + "\n");
        String text = cli.read("a.yaml");
        String armor = text.substring(
                text.indexOf("-----BEGIN AGE ENCRYPTED FILE-----"),
                text.indexOf("-----END AGE ENCRYPTED FILE-----") + "-----END AGE ENCRYPTED FILE-----".length());
        Path enc = temp.resolve("key.age");
        Files.writeString(
                enc,
                armor.lines().map(String::strip).reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n");

        Process age = new ProcessBuilder("age", "-d", "-i", identity.toString(), enc.toString()).start();
        byte[] dataKey = age.getInputStream().readAllBytes();
        assertThat(age.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(age.exitValue()).isZero();
        assertThat(dataKey).hasSize(32);
    }

    @Test
    void tampered_wrong_key_and_malformed_files_have_distinct_exit_codes() throws Exception {
        CliHarness cli = CliHarness.withLockedProject(temp);
        Path stranger = temp.resolve("stranger.txt");
        Files.writeString(stranger, AgeKeyPair.generate().identity() + "\n");

        CliHarness.Result wrongKey = cli.run("decrypt", "--identity", stranger.toString(), "config/staging.enc.yaml");
        assertThat(wrongKey.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(wrongKey.err()).contains("age1");

        Tampering.flipValue(cli.path("config/staging.enc.yaml"), "password:");
        CliHarness.Result tampered = cli.run("decrypt", "config/staging.enc.yaml");
        assertThat(tampered.exitCode()).isEqualTo(ExitCodes.TAMPERED);
        assertThat(tampered.out()).isEmpty();

        cli.write("plain.yaml", "a: b\n");
        assertThat(cli.run("decrypt", "plain.yaml").exitCode()).isEqualTo(ExitCodes.FILE);
        assertThat(cli.run("decrypt", "--identity", temp.resolve("nope").toString(), "plain.yaml")
                        .exitCode())
                .isEqualTo(ExitCodes.KEY);
    }
}
