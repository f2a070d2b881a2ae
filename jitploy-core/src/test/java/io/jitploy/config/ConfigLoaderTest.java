package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.health.HealthCheckSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String AGE_A = "age1qeyeasuszaxrpcqrxxmaqlw68jan509vfe88qv4f624q8p2kcavszjsdly";
    static final String AGE_B = "age1jqrkrecmvh3ngynf4pyzd4pmthz954emca4snpakvurzflrcaqyq7stjc4";

    static String example() throws IOException {
        try (InputStream in = ConfigLoaderTest.class.getResourceAsStream("example.jitploy.yml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesTheDocumentedExample() throws IOException {
        JitployConfig config = ConfigLoader.parse(example(), ".jitploy.yml");

        assertThat(config.version()).isEqualTo(1);
        assertThat(config.application()).contains("shop");
        assertThat(config.escrow().age()).containsExactly(AGE_B);
        assertThat(config.environmentNames()).containsExactly("preview", "staging", "production");

        EnvironmentSpec preview = config.environment("preview").orElseThrow();
        assertThat(preview.pullRequests()).isTrue();
        assertThat(preview.deploy()).contains("./deploy.sh");
        assertThat(preview.github().requiredContexts()).containsExactly("ci/build");

        EnvironmentSpec staging = config.environment("staging").orElseThrow();
        assertThat(staging.branches()).containsExactly("main", "release/**");
        assertThat(staging.recipients().age()).containsExactly(AGE_A);
        assertThat(staging.plaintextPath()).isEqualTo("config/staging.plain.yaml");
        HealthCheckSpec health = staging.healthCheck().orElseThrow();
        assertThat(health.url()).isEqualTo(URI.create("https://staging.shop.example.com/health"));
        assertThat(health.retries()).isEqualTo(5);
        assertThat(health.bodyPattern().orElseThrow().pattern()).isEqualTo("ok");
        assertThat(health.autoRollback()).isFalse();
        assertThat(staging.freezeSchedule().activeAt(java.time.Instant.parse("2026-01-16T18:00:00Z")))
                .isEmpty();
        assertThat(staging.freezeSchedule().nextStart(java.time.Instant.EPOCH)).isEmpty();

        EnvironmentSpec production = config.environment("production").orElseThrow();
        assertThat(production.promoteFrom()).contains("staging");
        assertThat(production.plaintextPath()).isEqualTo("secrets/production.json");
        assertThat(production.deploy()).contains("./deploy.sh --production");
        assertThat(production.recipients().pgp()).containsExactly("85E38F69046B44C1EC9FB07B76D78F0500D026C4");
        assertThat(config.requiredRecipients(production).age()).containsExactly(AGE_B);
        assertThat(config.requiredRecipients(staging).age()).containsExactly(AGE_A, AGE_B);
        assertThat(production.healthCheck().orElseThrow().expectedStatus()).isEqualTo(204);
        assertThat(production.healthCheck().orElseThrow().timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(production.healthCheck().orElseThrow().autoRollback()).isTrue();
        assertThat(production.protection().promoters()).containsExactly("alice", "bob");
        assertThat(production.protection().requiredApprovals()).isEqualTo(1);
        assertThat(production.protection().allowsBranch("main")).isTrue();
        assertThat(production.protection().allowsBranch("feature/x")).isFalse();
        assertThat(production.freezes()).hasSize(2);
        assertThat(production.freezeSchedule().activeAt(java.time.Instant.parse("2026-01-16T18:00:00Z")))
                .map(FreezeSchedule.ActiveFreeze::reason)
                .contains("weekend (0 18 * * FRI Europe/Paris, 62h)");
        FreezeWindow weekend = production.freezes().get(0);
        assertThat(weekend.cron()).hasToString("0 18 * * FRI");
        assertThat(weekend.duration()).isEqualTo(Duration.ofHours(62));
        assertThat(weekend.zone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(weekend.reason()).isEqualTo("weekend");
        assertThat(production.github().requiredContexts()).containsExactly("ci/build", "ci/integration");
    }

    @Test
    void theDocumentedExampleIsTheTestedOne() throws IOException {
        // Maven runs tests in the module directory; the guide lives at the repository root.
        String guide = Files.readString(Path.of("..", "docs", "configuration.md"), StandardCharsets.UTF_8);
        int start = guide.indexOf("```yaml\n") + "```yaml\n".length();
        String documented = guide.substring(start, guide.indexOf("```", start));

        assertThat(documented).isEqualTo(example());
    }

    @Test
    void loadsFromDiskNamingTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(".jitploy.yml");
        Files.writeString(file, "version: 1\nenvironments:\n  staging: {branches: [main]}\n");

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining(file + ":3:3: environment 'staging' has no 'file'")
                .hasMessageContaining("Fix: add 'file: config/staging.enc.yaml'");
    }

    @Test
    void reportsEveryProblemAtOnceWithLinesAndHints() {
        String text = String.join(
                "\n",
                "version: 2", // 1
                "aplication: shop", // 2
                "environments:", // 3
                "  staging:", // 4
                "    branches: [main, 'a**b']", // 5
                "    pull_requests: true", // 6
                "    file: config/staging.enc.yaml", // 7
                "    url: ftp://nope", // 8
                "    health: {url: https://x.example.com, expect_status: 999, backoff: soon}", // 9
                "    freeze:", // 10
                "      - {cron: '0 25 * * FRI', duration: 2h, timezone: Mars/Olympus}", // 11
                "      - {cron: '0 0 30 FEB *', duration: 1h}", // 12
                "  review:", // 13
                "    pull_requests: true", // 14
                "    file: config/review.enc.yaml", // 15
                "    promote_from: stagin", // 16
                "    protection: {required_approvals: many}", // 17
                "    recipients: {age: [AGE-SECRET-KEY-1ABC], pgp: [1234]}", // 18
                "  staging:", // 19
                "    file: config/again.enc.yaml", // 20
                "  production:", // 21
                "    deploy: [not, a, string]", // 22
                "    pullrequests: false", // 23
                "    promote_from: uat", // 24
                "  qa: just text", // 25
                "");

        ConfigValidationException error =
                (ConfigValidationException) catchThrowable(() -> ConfigLoader.parse(text, ".jitploy.yml"));

        List<String> rendered =
                error.problems().stream().map(ConfigProblem::toString).toList();
        assertThat(rendered)
                .anyMatch(p -> p.startsWith(".jitploy.yml:1:10: version 2 is not supported"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:2:1: unknown key 'aplication'")
                        && p.endsWith("did you mean 'application'?"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:5:22: bad branch pattern"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:8:10: url 'ftp://nope' is not an http(s) URL"))
                .anyMatch(p -> p.startsWith(
                        ".jitploy.yml:9:57: expect_status 999 is out of range: it must be between 100 and 599"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:9:71: backoff: 'soon' is not a duration"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:11:16: bad cron: '25' is not a valid hour (0-23)"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:11:56: 'Mars/Olympus' is not a time zone"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:12:16: cron '0 0 30 FEB *' never fires"))
                .anyMatch(p -> p.startsWith(
                        ".jitploy.yml:14:20: environments 'staging' and 'review' both have" + " 'pull_requests: true'"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:16:19: 'promote_from: stagin' names no environment")
                        && p.endsWith("did you mean 'staging'?"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:17:38: required_approvals must be a whole number"))
                .anyMatch(p -> p.contains(":18:24: 'AGE-SECRET-KEY-… (a secret identity, not a recipient!)'"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:18:52: '1234' is not an OpenPGP fingerprint"))
                .anyMatch(p -> p.startsWith(
                        ".jitploy.yml:19:3: duplicate key 'staging' in environments (first on" + " line 4)"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:21:3: environment 'production' has no 'file'"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:24:19: 'promote_from: uat' names no environment"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:25:7: environment 'qa' must be a mapping"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:22:13: deploy must be a text value, not a list"))
                .anyMatch(p -> p.startsWith(".jitploy.yml:23:5: unknown key 'pullrequests'")
                        && p.endsWith("did you mean 'pull_requests'?"));
        assertThat(error.problems()).hasSize(20);
        assertThat(error.getMessage()).startsWith("20 problems in the Jitploy configuration:");
        assertThat(error.getMessage()).doesNotContain("AGE-SECRET-KEY-1ABC");
    }

    @Test
    void reportsPromotionCyclesOnce() {
        String text = "version: 1\nenvironments:\n"
                + "  a: {file: a.enc.yaml, promote_from: c}\n"
                + "  b: {file: b.enc.yaml, promote_from: a}\n"
                + "  c: {file: c.enc.yaml, promote_from: b}\n"
                + "  d: {file: d.enc.yaml, promote_from: d}\n";

        assertThatThrownBy(() -> ConfigLoader.parse(text, "x.yml"))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> assertThat(e.problems())
                        .extracting(ConfigProblem::message)
                        .containsExactly(
                                "promotions form a cycle: a <- c <- b <- a",
                                "environment 'd' is promoted from itself"));
    }

    @Test
    void rejectsSyntaxErrorsWithTheirPosition() {
        assertThatThrownBy(() -> ConfigLoader.parse("version: 1\nenvironments: [a\n", "x.yml"))
                .isInstanceOfSatisfying(ConfigValidationException.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).line()).isEqualTo(3);
                    assertThat(e.problems().get(0).message()).startsWith("not valid YAML");
                });
    }

    @Test
    void rejectsEmptyAndNonMappingFiles() {
        assertThatThrownBy(() -> ConfigLoader.parse("# nothing\n", "x.yml"))
                .hasMessageContaining("x.yml: the file is empty. Fix: start with 'version: 1'");
        assertThatThrownBy(() -> ConfigLoader.parse("- a\n- b\n", "x.yml"))
                .hasMessageContaining("1 problem in the Jitploy configuration")
                .hasMessageContaining("x.yml:1:1: the top level must be a mapping");
        assertThatThrownBy(() -> ConfigLoader.parse("application: shop\n", "x.yml"))
                .hasMessageContaining("'version' is missing")
                .hasMessageContaining("'environments' is missing");
    }

    @Test
    void defaultsApplyToEveryEnvironmentAndEnvironmentsOverrideThem() {
        String text = "version: 1\n"
                + "defaults: {deploy: ./deploy.sh, url: https://default.example.com}\n"
                + "environments:\n"
                + "  staging: {file: s.enc.yaml}\n"
                + "  production: {file: p.enc.yaml, deploy: ./prod.sh}\n";

        JitployConfig config = ConfigLoader.parse(text, "x.yml");

        assertThat(config.environment("staging").orElseThrow().deploy()).contains("./deploy.sh");
        assertThat(config.environment("production").orElseThrow().deploy()).contains("./prod.sh");
        assertThat(config.environment("production").orElseThrow().url())
                .contains(URI.create("https://default.example.com"));
    }

    @Test
    void defaultsCannotSetPerEnvironmentFields() {
        String text = "version: 1\ndefaults: {file: shared.enc.yaml, pull_requests: true}\n"
                + "environments:\n  staging: {file: s.enc.yaml}\n";

        assertThatThrownBy(() -> ConfigLoader.parse(text, "x.yml"))
                .hasMessageContaining("x.yml:2:12: 'file' cannot be set in defaults")
                .hasMessageContaining("x.yml:2:35: 'pull_requests' cannot be set in defaults");
    }

    @Test
    void healthCheckFallsBackToTheEnvironmentUrlAndNeedsOne() {
        JitployConfig config = ConfigLoader.parse(
                "version: 1\nenvironments:\n  s: {file: s.enc.yaml, url: 'https://s.example.com', health: {}}\n",
                "x.yml");
        HealthCheckSpec health =
                config.environment("s").orElseThrow().healthCheck().orElseThrow();
        assertThat(health.url()).isEqualTo(URI.create("https://s.example.com"));
        assertThat(health.expectedStatus()).isEqualTo(200);
        assertThat(health.retries()).isEqualTo(3);
        assertThat(health.backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(health.timeout()).isEqualTo(Duration.ofSeconds(60));

        assertThatThrownBy(() -> ConfigLoader.parse(
                        "version: 1\nenvironments:\n  s: {file: s.enc.yaml, health: {retries: 2}}\n", "x.yml"))
                .hasMessageContaining("x.yml:3:33: the health check has no URL");
        assertThatThrownBy(() -> ConfigLoader.parse(
                        "version: 1\nenvironments:\n  s: {file: s.enc.yaml, url: 'https://s.example.com',"
                                + " health: {retries: -1}, protection: {required_approvals: -2}}\n",
                        "x.yml"))
                .hasMessageContaining("retries -1 is out of range: it cannot be negative. Fix: use 0 for a single")
                .hasMessageContaining("required_approvals -2 is out of range");
    }

    @Test
    void yamlOneTwoKeepsYesAsAStringAndRejectsPathsOutsideTheRepository() {
        assertThatThrownBy(() -> ConfigLoader.parse(
                        "version: 1\nenvironments:\n  s: {file: ../outside.enc.yaml, pull_requests: yes}\n", "x.yml"))
                .hasMessageContaining("file '../outside.enc.yaml' is not a path inside the repository")
                .hasMessageContaining("pull_requests must be true or false, not 'yes'");
    }

    @Test
    void refusesAliasBombs() {
        StringBuilder text = new StringBuilder("version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 60; i++) {
            text.append("b").append(i).append(": &b").append(i).append(" [*a, *a]\n");
        }
        assertThatThrownBy(() -> ConfigLoader.parse(text.toString(), "x.yml"))
                .isInstanceOf(ConfigValidationException.class)
                .hasMessageContaining("not valid YAML");
    }

    private static Throwable catchThrowable(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        return org.assertj.core.api.Assertions.catchThrowable(call);
    }

    @Test
    void thePlaintextPathIsDerivedFromTheEncryptedFileName() {
        assertThat(EnvironmentSpec.derivePlaintext("config/staging.enc.yaml")).isEqualTo("config/staging.plain.yaml");
        assertThat(EnvironmentSpec.derivePlaintext("config/staging.enc")).isEqualTo("config/staging.plain");
        assertThat(EnvironmentSpec.derivePlaintext("config/staging.yaml")).isEqualTo("config/staging.plain.yaml");
        assertThat(EnvironmentSpec.derivePlaintext("a.b/staging")).isEqualTo("a.b/staging.plain");
        assertThat(EnvironmentSpec.derivePlaintext("config/.env")).isEqualTo("config/.env.plain");
        assertThat(EnvironmentSpec.derivePlaintext(".enc.env")).isEqualTo(".plain.env");
    }
}
