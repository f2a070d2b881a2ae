package io.jitploy.config;

import static io.jitploy.config.ConfigLoaderTest.AGE_A;
import static io.jitploy.config.ConfigLoaderTest.AGE_B;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecipientPolicyTest {
    private static final String FINGERPRINT = "85E38F69046B44C1EC9FB07B76D78F0500D026C4";

    @Test
    void aFileEncryptedForExactlyTheEnvironmentAndEscrowRecipientsPasses() throws IOException {
        JitployConfig config = ConfigLoader.parse(ConfigLoaderTest.example(), ".jitploy.yml");
        EnvironmentSpec production = config.environment("production").orElseThrow();

        Recipients inFile =
                new Recipients(List.of(AGE_B), List.of("85e3 8f69 046b 44c1 ec9f b07b 76d7 8f05 00d0 26c4"));

        assertThat(RecipientPolicy.violations(config, production, inFile)).isEmpty();
    }

    @Test
    void reportsMissingEscrowAndLeftoverRecipients() throws IOException {
        JitployConfig config = ConfigLoader.parse(ConfigLoaderTest.example(), ".jitploy.yml");
        EnvironmentSpec staging = config.environment("staging").orElseThrow();

        List<String> violations =
                RecipientPolicy.violations(config, staging, new Recipients(List.of(AGE_A), List.of(FINGERPRINT)));

        assertThat(violations)
                .containsExactly(
                        "config/staging.enc.yaml is not encrypted for the escrow age recipient " + AGE_B
                                + "; run 'jitploy rotate -e staging' to re-encrypt config/staging.enc.yaml for"
                                + " exactly the recipients in .jitploy.yml",
                        "config/staging.enc.yaml is still encrypted for PGP key " + FINGERPRINT
                                + ", which .jitploy.yml does not list; run 'jitploy rotate -e staging' to"
                                + " re-encrypt config/staging.enc.yaml for exactly the recipients in .jitploy.yml"
                                + " (removing a recipient without rotating does not revoke it)");
    }
}
