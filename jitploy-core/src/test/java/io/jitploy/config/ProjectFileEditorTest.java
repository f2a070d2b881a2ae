package io.jitploy.config;

import static io.jitploy.config.ConfigLoaderTest.AGE_A;
import static io.jitploy.config.ConfigLoaderTest.AGE_B;
import static io.jitploy.config.ProjectFileEditor.RecipientKind.AGE;
import static io.jitploy.config.ProjectFileEditor.RecipientKind.PGP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectFileEditorTest {
    private static final String FINGERPRINT = "85E38F69046B44C1EC9FB07B76D78F0500D026C4";

    @Test
    void createWritesAValidFileWithDocumentedDefaults() {
        String text = ProjectFileEditor.create(List.of("staging", "production"));
        JitployConfig config = ConfigLoader.parse(text, ".jitploy.yml");

        EnvironmentSpec staging = config.environment("staging").orElseThrow();
        EnvironmentSpec production = config.environment("production").orElseThrow();
        assertThat(staging.branches()).containsExactly("main");
        assertThat(staging.file()).isEqualTo("config/staging.enc.yaml");
        assertThat(staging.plaintextPath()).isEqualTo("config/staging.plain.yaml");
        assertThat(staging.deploy()).contains("./deploy.sh");
        assertThat(production.branches()).isEmpty();
        assertThat(production.promoteFrom()).contains("staging");
        assertThat(production.recipients().isEmpty()).isTrue();
        assertThatThrownBy(() -> ProjectFileEditor.create(List.of("a", "a"))).hasMessageContaining("twice");
        assertThatThrownBy(() -> ProjectFileEditor.create(List.of("bad name"))).hasMessageContaining("not a valid");
    }

    @Test
    void addsRecipientsToEveryListStyleAndKeepsOtherLinesByteIdentical() throws IOException {
        String original = ConfigLoaderTest.example();

        // preview: flow mapping with a flow list; staging: block list; production: flow list; pgp: missing key
        String edited = ProjectFileEditor.addRecipient(original, "preview", AGE, AGE_B);
        edited = ProjectFileEditor.addRecipient(edited, "staging", AGE, AGE_B);
        edited = ProjectFileEditor.addRecipient(edited, "production", AGE, AGE_A);
        edited = ProjectFileEditor.addRecipient(edited, "staging", PGP, FINGERPRINT);

        JitployConfig config = ConfigLoader.parse(edited, ".jitploy.yml");
        assertThat(config.environment("preview").orElseThrow().recipients().age())
                .containsExactly(AGE_A, AGE_B);
        assertThat(config.environment("staging").orElseThrow().recipients().age())
                .containsExactly(AGE_A, AGE_B);
        assertThat(config.environment("staging").orElseThrow().recipients().pgp())
                .containsExactly(FINGERPRINT);
        assertThat(config.environment("production").orElseThrow().recipients().age())
                .containsExactly(AGE_B, AGE_A);

        List<String> changed = changedLines(original, edited);
        assertThat(changed)
                .containsExactly(
                        "-     recipients: {age: [" + AGE_A + "]}",
                        "+     recipients: {age: [" + AGE_A + ", " + AGE_B + "]}",
                        "+         - " + AGE_B,
                        "+       pgp: [\"" + FINGERPRINT + "\"]",
                        "-       age: [" + AGE_B + "]",
                        "+       age: [" + AGE_B + ", " + AGE_A + "]");
        assertThat(ProjectFileEditor.addRecipient(edited, "staging", AGE, AGE_B))
                .as("adding twice changes nothing")
                .isEqualTo(edited);
    }

    @Test
    void removesRecipientsAndKeepsOtherLinesByteIdentical() throws IOException {
        String original = ConfigLoaderTest.example();

        String edited = ProjectFileEditor.removeRecipient(original, "staging", AGE, AGE_A);
        edited = ProjectFileEditor.removeRecipient(edited, "production", PGP, FINGERPRINT);
        edited = ProjectFileEditor.removeRecipient(edited, "preview", AGE, AGE_A);

        JitployConfig config = ConfigLoader.parse(edited, ".jitploy.yml");
        assertThat(config.environment("staging").orElseThrow().recipients().isEmpty())
                .isTrue();
        assertThat(config.environment("production").orElseThrow().recipients().pgp())
                .isEmpty();
        assertThat(config.environment("production").orElseThrow().recipients().age())
                .containsExactly(AGE_B);
        assertThat(config.environment("preview").orElseThrow().recipients().isEmpty())
                .isTrue();
        assertThat(changedLines(original, edited))
                .containsExactly(
                        "-     recipients: {age: [" + AGE_A + "]}",
                        "+     recipients: {age: []}",
                        "-       age:",
                        "-         - " + AGE_A,
                        "+       age: []",
                        "-       pgp: [" + FINGERPRINT + "]",
                        "+       pgp: []");

        assertThatThrownBy(() -> ProjectFileEditor.removeRecipient(original, "staging", AGE, AGE_B))
                .isInstanceOf(ProjectFileEditException.class)
                .hasMessageContaining("is not an age recipient of 'staging'");
        assertThatThrownBy(() -> ProjectFileEditor.removeRecipient(original, "stagin", AGE, AGE_A))
                .hasMessageContaining("did you mean 'staging'?");
    }

    @Test
    void removesOneOfSeveralItemsInFlowAndBlockLists() {
        String text = "version: 1\nenvironments:\n  s:\n    file: s.enc.yaml\n    recipients:\n"
                + "      age:\n        - " + AGE_A + "  # laptop\n        - " + AGE_B + "  # ci\n"
                + "      pgp: [" + FINGERPRINT + ", " + FINGERPRINT.replace('8', '9') + "]\n";

        String edited = ProjectFileEditor.removeRecipient(text, "s", AGE, AGE_A);
        edited = ProjectFileEditor.removeRecipient(edited, "s", PGP, FINGERPRINT.replace('8', '9'));
        assertThat(edited)
                .isEqualTo("version: 1\nenvironments:\n  s:\n    file: s.enc.yaml\n    recipients:\n"
                        + "      age:\n        - " + AGE_B + "  # ci\n"
                        + "      pgp: [" + FINGERPRINT + "]\n");
        edited = ProjectFileEditor.removeRecipient(text, "s", PGP, FINGERPRINT);
        assertThat(edited).contains("      pgp: [" + FINGERPRINT.replace('8', '9') + "]\n");
    }

    @Test
    void addsRecipientsWhereTheEnvironmentHasNoneYet() {
        String text = "# top comment\nversion: 1\nenvironments:\n"
                + "    staging:\n"
                + "        file: s.enc.yaml   # keep me\n"
                + "        protection:\n"
                + "            deployers: [ops]\n"
                + "    # comment about production\n"
                + "    production: {file: p.enc.yaml}\n"
                + "    qa:\n"
                + "        file: q.enc.yaml\n"
                + "        recipients:\n"
                + "        deploy: ./qa.sh";

        String edited = ProjectFileEditor.addRecipient(text, "staging", AGE, AGE_A);
        edited = ProjectFileEditor.addRecipient(edited, "production", AGE, AGE_B);
        edited = ProjectFileEditor.addRecipient(edited, "qa", PGP, FINGERPRINT);

        assertThat(edited)
                .isEqualTo("# top comment\nversion: 1\nenvironments:\n"
                        + "    staging:\n"
                        + "        file: s.enc.yaml   # keep me\n"
                        + "        protection:\n"
                        + "            deployers: [ops]\n"
                        + "        recipients:\n"
                        + "            age: [" + AGE_A + "]\n"
                        + "    # comment about production\n"
                        + "    production: {file: p.enc.yaml, recipients: {age: [" + AGE_B + "]}}\n"
                        + "    qa:\n"
                        + "        file: q.enc.yaml\n"
                        + "        recipients: {pgp: [\"" + FINGERPRINT + "\"]}\n"
                        + "        deploy: ./qa.sh");
        ConfigLoader.parse(edited, "x.yml");
    }

    @Test
    void addsEnvironmentsKeepingTheFileAsItWas() {
        String text = "version: 1\nenvironments:\n    staging:\n        file: s.enc.yaml # comment\n"
                + "# trailing comment\n";

        String edited = ProjectFileEditor.addEnvironment(text, "production");

        assertThat(edited)
                .isEqualTo("version: 1\nenvironments:\n    staging:\n        file: s.enc.yaml # comment\n"
                        + "    production:\n"
                        + "        file: config/production.enc.yaml\n"
                        + "        recipients:\n"
                        + "            age: []\n"
                        + "# trailing comment\n");
        assertThat(ConfigLoader.parse(edited, "x.yml").environmentNames()).containsExactly("staging", "production");
        assertThatThrownBy(() -> ProjectFileEditor.addEnvironment(edited, "staging"))
                .hasMessageContaining("already exists");

        assertThat(ProjectFileEditor.addEnvironment("version: 1\nenvironments: {a: {file: a.enc.yaml}}\n", "b"))
                .isEqualTo("version: 1\nenvironments: {a: {file: a.enc.yaml}, b: {file: config/b.enc.yaml,"
                        + " recipients: {age: []}}}\n");
        assertThat(ProjectFileEditor.addEnvironment("version: 1", "b"))
                .isEqualTo("version: 1\nenvironments:\n  b:\n    file: config/b.enc.yaml\n    recipients:\n"
                        + "      age: []\n");
        assertThat(ProjectFileEditor.addEnvironment("version: 1\nenvironments:\n", "b"))
                .isEqualTo("version: 1\nenvironments:\n  b:\n    file: config/b.enc.yaml\n    recipients:\n"
                        + "      age: []\n");
    }

    @Test
    void keepsWindowsLineEndings() {
        String text = "version: 1\r\nenvironments:\r\n  s:\r\n    file: s.enc.yaml\r\n    recipients:\r\n"
                + "      age:\r\n        - " + AGE_A + "\r\n";

        String edited = ProjectFileEditor.addRecipient(text, "s", AGE, AGE_B);
        edited = ProjectFileEditor.addEnvironment(edited, "t");

        assertThat(edited.replace("\r\n", "")).doesNotContain("\n");
        assertThat(edited).startsWith(text).contains("        - " + AGE_B + "\r\n  t:\r\n");
        assertThat(ConfigLoader.parse(edited, "x.yml")
                        .environment("s")
                        .orElseThrow()
                        .recipients()
                        .age())
                .containsExactly(AGE_A, AGE_B);
        assertThat(ProjectFileEditor.removeRecipient(edited, "s", AGE, AGE_B)).startsWith(text);
    }

    @Test
    void refusesToEditFilesItCannotRead() {
        assertThatThrownBy(() -> ProjectFileEditor.addRecipient("version: [1\n", "s", AGE, AGE_A))
                .isInstanceOf(ProjectFileEditException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ProjectFileEditor.addRecipient("version: 1\n", "s", AGE, AGE_A))
                .hasMessageContaining("declares no environments");
        assertThatThrownBy(() -> ProjectFileEditor.addRecipient("version: 1\nenvironments: {}\n", "s", AGE, "a\nb"))
                .hasMessageContaining("one line");
    }

    /** A minimal line diff: lines only in {@code before} ("- ") and only in {@code after} ("+ "), in order. */
    static List<String> changedLines(String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        return out;
    }

    @Test
    void addsARecipientBesideAnotherKindOrASingleValueAndNeverTwice() {
        String head = "version: 1\nenvironments:\n  s:\n    file: s.enc.yaml\n    recipients:\n";

        assertThat(ProjectFileEditor.addRecipient(head + "      pgp: [" + FINGERPRINT + "]\n", "s", AGE, AGE_A))
                .isEqualTo(head + "      pgp: [" + FINGERPRINT + "]\n      age: [" + AGE_A + "]\n");
        assertThat(ProjectFileEditor.addRecipient(
                        "version: 1\nenvironments:\n  s:\n    file: s.enc.yaml\n    recipients: {pgp: []}\n",
                        "s",
                        AGE,
                        AGE_A))
                .isEqualTo("version: 1\nenvironments:\n  s:\n    file: s.enc.yaml\n    recipients: {pgp: [], age: ["
                        + AGE_A + "]}\n");
        assertThat(ProjectFileEditor.addRecipient(head + "      age:\n", "s", AGE, AGE_A))
                .isEqualTo(head + "      age: [" + AGE_A + "]\n");
        assertThat(ProjectFileEditor.addRecipient(head + "      age: " + AGE_A + "\n", "s", AGE, AGE_B))
                .isEqualTo(head + "      age: [" + AGE_A + ", " + AGE_B + "]\n");
        String single = head + "      age: " + AGE_A + "\n";
        assertThat(ProjectFileEditor.addRecipient(single, "s", AGE, AGE_A)).isSameAs(single);
    }

    @Test
    void removesASingleValueAndRefusesWhatIsNotListed() {
        String head = "version: 1\nenvironments:\n  s:\n    file: s.enc.yaml\n";

        assertThat(ProjectFileEditor.removeRecipient(
                        head + "    recipients:\n      age: " + AGE_A + "\n", "s", AGE, AGE_A))
                .isEqualTo(head + "    recipients:\n      age: []\n");
        assertThatThrownBy(() -> ProjectFileEditor.removeRecipient(head, "s", AGE, AGE_A))
                .isInstanceOf(ProjectFileEditException.class)
                .hasMessage("'" + AGE_A + "' is not an age recipient of 's' (it has no recipients)");
        assertThatThrownBy(() -> ProjectFileEditor.removeRecipient(
                        head + "    recipients:\n      pgp: [" + FINGERPRINT + "]\n", "s", AGE, AGE_A))
                .isInstanceOf(ProjectFileEditException.class)
                .hasMessage("'" + AGE_A + "' is not an age recipient of 's'");
        assertThatThrownBy(() -> ProjectFileEditor.removeRecipient(
                        head + "    recipients:\n      age: " + AGE_B + "\n", "s", AGE, AGE_A))
                .isInstanceOf(ProjectFileEditException.class)
                .hasMessage("'" + AGE_A + "' is not an age recipient of 's'");
    }
}
