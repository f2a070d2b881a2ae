package io.jitploy.cli;

import io.jitploy.config.ProjectFileEditException;
import io.jitploy.config.ProjectFileEditor;
import io.jitploy.config.ProjectFileEditor.RecipientKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Changes to {@code .jitploy.yml} made by the CLI: creating it ({@code init}) and adding/removing recipients
 * ({@code keygen}, {@code recipients}). The text edits are the config package's {@link ProjectFileEditor}, which
 * keeps comments and everything else as the user wrote it; this class adds the file I/O (atomic writes).
 */
final class ProjectFile {
    private ProjectFile() {}

    static void create(Path file, String application, List<String> environments, List<String> escrow)
            throws IOException {
        String text = edit(() -> ProjectFileEditor.create(environments));
        // The editor writes the environments; the application name and escrow are one-line additions at the top.
        StringBuilder header = new StringBuilder("application: ")
                .append(ProjectScalar.of(application))
                .append('\n');
        if (!escrow.isEmpty()) {
            header.append("escrow:\n  age:\n");
            escrow.forEach(
                    recipient -> header.append("    - ").append(recipient).append('\n'));
        }
        text = text.replaceFirst(
                "(?m)^environments:", java.util.regex.Matcher.quoteReplacement(header + "environments:"));
        write(file, text);
    }

    static void addRecipient(Path file, String environment, String type, String id) throws IOException {
        update(file, text -> ProjectFileEditor.addRecipient(text, environment, kind(type), id));
    }

    static void removeRecipient(Path file, String environment, String type, String id) throws IOException {
        update(file, text -> ProjectFileEditor.removeRecipient(text, environment, kind(type), id));
    }

    private static RecipientKind kind(String type) {
        return type.equals("pgp") ? RecipientKind.PGP : RecipientKind.AGE;
    }

    private static void update(Path file, UnaryOperator<String> change) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        write(file, edit(() -> change.apply(text)));
    }

    private static String edit(java.util.function.Supplier<String> edit) {
        try {
            return edit.get();
        } catch (ProjectFileEditException e) {
            throw CliException.config("Cannot edit " + Project.FILE_NAME + ": " + e.getMessage() + ".");
        }
    }

    private static void write(Path file, String text) throws IOException {
        EnvironmentFiles.writePrivate(file, text.getBytes(StandardCharsets.UTF_8));
        // .jitploy.yml is public project configuration, unlike the plaintext files writePrivate is made for.
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Quotes a YAML scalar only when it needs it. */
    private static final class ProjectScalar {
        static String of(String value) {
            return value.matches("[A-Za-z0-9][A-Za-z0-9._/-]*") ? value : "'" + value.replace("'", "''") + "'";
        }
    }
}
