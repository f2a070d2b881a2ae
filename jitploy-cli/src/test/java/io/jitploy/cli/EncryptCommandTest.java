package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.envfile.keys.AgeKeyPair;
import io.jitploy.envfile.pgp.PgpPublicKey;
import io.jitploy.envfile.pgp.PgpTestKeys;
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
    void encrypts_for_an_openpgp_key_file_or_a_fingerprint_whose_key_is_in_the_project() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        PgpTestKeys keys = PgpTestKeys.generate("Ops <ops@example.com>", "pw");
        Path publicKey = Files.writeString(temp.resolve("ops.asc"), keys.publicKey());
        Path secretKey = Files.writeString(temp.resolve("ops-secret.asc"), keys.secretKey());
        String fingerprint = PgpPublicKey.parse(keys.publicKey()).fingerprint();
        cli.variables.put("JITPLOY_PGP_PASSPHRASE", "pw");
        cli.write("app.env", "TOKEN=t-1\n");

        cli.ok("encrypt", "-i", "--pgp", publicKey.toString(), "app.env");

        assertThat(cli.read("app.env"))
                .contains("sops_pgp__list_0__map_fp=" + fingerprint)
                .doesNotContain("t-1");
        assertThat(cli.ok("decrypt", "--identity", secretKey.toString(), "app.env")
                        .out())
                .isEqualTo("TOKEN=t-1\n");

        // A bare fingerprint, as .sops.yaml has it: no GnuPG keyring, so the public key must be in the project.
        cli.write("b.yaml", "token: t-2\n");
        CliHarness.Result missing = cli.run("encrypt", "--pgp", fingerprint, "b.yaml");
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.KEY);
        assertThat(missing.err()).contains(fingerprint, ".jitploy/pgp");
        cli.write(".jitploy/pgp/" + fingerprint + ".asc", keys.publicKey());
        cli.write(".sops.yaml", "creation_rules:\n  - path_regex: \\.yaml$\n    pgp: " + fingerprint + "\n");

        cli.ok("encrypt", "-i", "b.yaml");

        assertThat(cli.read("b.yaml")).contains("fp: " + fingerprint);
        assertThat(cli.ok("decrypt", "--identity", secretKey.toString(), "b.yaml")
                        .out())
                .contains("token: t-2");
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
