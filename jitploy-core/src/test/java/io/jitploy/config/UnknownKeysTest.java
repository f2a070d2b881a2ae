package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unknown keys are errors at every level of {@code .jitploy.yml}, each with its line and the nearest known key. */
class UnknownKeysTest {
    @Test
    void everyNestedMappingRejectsUnknownKeysInOnePass() {
        String text = String.join(
                "\n",
                "version: 1", // 1
                "escrow: {age: [], pgpp: []}", // 2
                "defaults: {deploy: ./deploy.sh, urll: https://x.example.com}", // 3
                "environments:", // 4
                "  staging:", // 5
                "    file: config/staging.enc.yaml", // 6
                "    recipients: {ages: []}", // 7
                "    url: https://staging.example.com", // 8
                "    health: {expect_stauts: 200, retry: 3}", // 9
                "    freeze: [{cron: '0 18 * * FRI', duration: 1h, time_zone: UTC}]", // 10
                "    github: {required_context: [ci/build], deployment: true}", // 11
                "    colour: blue", // 12
                "");

        ConfigValidationException error =
                catchThrowableOfType(() -> ConfigLoader.parse(text, ".jitploy.yml"), ConfigValidationException.class);

        List<String> rendered =
                error.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(rendered)
                .containsExactly(
                        ".jitploy.yml:2:19: unknown key 'pgpp' in escrow. Fix: did you mean 'pgp'?",
                        ".jitploy.yml:3:33: unknown key 'urll' in defaults. Fix: did you mean 'url'?",
                        ".jitploy.yml:7:18: unknown key 'ages' in environment 'staging' recipients."
                                + " Fix: did you mean 'age'?",
                        ".jitploy.yml:9:14: unknown key 'expect_stauts' in health. Fix: did you mean 'expect_status'?",
                        // Far by edit distance, but the same word: suggested by its stem.
                        ".jitploy.yml:9:34: unknown key 'retry' in health. Fix: did you mean 'retries'?",
                        ".jitploy.yml:10:51: unknown key 'time_zone' in a freeze window. Fix: did you mean 'timezone'?",
                        ".jitploy.yml:11:14: unknown key 'required_context' in github."
                                + " Fix: did you mean 'required_contexts'?",
                        ".jitploy.yml:11:44: unknown key 'deployment' in github. Fix: did you mean 'deployments'?",
                        // Too far from any key for a guess: the hint lists the keys instead.
                        ".jitploy.yml:12:5: unknown key 'colour' in environment 'staging'. Fix: remove it; allowed keys"
                                + " here are branches, deploy, file, freeze, github, health, plaintext, promote_from,"
                                + " protection, pull_requests, recipients, url");
    }
}
