package io.jitploy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The set-up of the e2e scenarios (e2e/README.md, "Setup", step 2 and 3) works as written: they are replayed by hand
 * on a real Jenkins, where a broken step would only be found by whoever runs them.
 */
class E2eSampleSetupTest {
    private static final Path SAMPLE =
            Path.of("..", "e2e", "sample-app").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void setupStepsProduceAVerifiedRepositoryWithoutPlaintextAndTheDocumentedKeyFile() throws Exception {
        CliHarness cli = CliHarness.create(temp);
        copyTree(SAMPLE, cli.repo);

        String staging = cli.ok("keygen", "-e", "staging").out();
        cli.ok("keygen", "-e", "production");
        Files.copy(cli.path("config/staging.example.yaml"), cli.path("config/staging.plain.yaml"));
        Files.copy(cli.path("config/production.example.yaml"), cli.path("config/production.plain.yaml"));
        cli.ok("lock", "-e", "staging");
        cli.ok("lock", "-e", "production");
        assertThat(cli.ok("check").out()).contains("All 2 environment(s) OK.");

        // "prints the age1... recipient, adds it to .jitploy.yml"
        Matcher recipient = Pattern.compile("age1[0-9a-z]{58}").matcher(staging);
        assertThat(recipient.find()).as(staging).isTrue();
        assertThat(cli.read(".jitploy.yml")).contains(recipient.group());
        // "2 keys" per encrypted file
        assertThat(cli.ok("decrypt", "config/staging.enc.yaml").out()).contains("GREETING", "DB_PASSWORD");

        // "`git status` must not list any `*.plain.*` file"
        try (Git git = Git.open(cli.repo.toFile())) {
            var status = git.status().call();
            assertThat(status.getUntracked())
                    .contains("config/staging.enc.yaml", "config/production.enc.yaml")
                    .noneMatch(path -> path.contains(".plain."));
        }

        // Step 3: the credential is the AGE-SECRET-KEY line under "# env: staging" in the user key file.
        List<String> keyLines = Files.readAllLines(cli.keyFile());
        int header = keyLines.indexOf("# env: staging");
        assertThat(header).as(String.join("\n", keyLines)).isNotNegative();
        String secretLine = keyLines.stream()
                .skip(header + 1)
                .filter(line -> line.startsWith("AGE-SECRET-KEY-1"))
                .findFirst()
                .orElseThrow();
        Path credential = temp.resolve("credential.txt");
        Files.writeString(credential, secretLine + "\n");

        // What the deploy receives with that credential alone (the workstation counterpart of decryptEnv),
        // once the setup's "git commit" has given it a version.
        cli.commitAll("shop v1");
        cli.variables.put("DEPLOY_SECONDS", "0");
        CliHarness.Result deploy =
                cli.ok("run", "-e", "staging", "--identity", credential.toString(), "--", "sh", "./deploy.sh");
        assertThat(deploy.out())
                .containsPattern("deploying shop [0-9a-f]{12} to staging \\(manual\\)")
                .contains("greeting: hello from staging", "password fingerprint: ")
                .containsPattern("deployed [0-9a-f]{12} to staging")
                .doesNotContain("s3cr3t-staging-p4ss");
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
