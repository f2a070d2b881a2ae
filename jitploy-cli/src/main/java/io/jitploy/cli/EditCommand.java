package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.Recipient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jitploy edit -e ENV}: edit the decrypted file in {@code $EDITOR}; only changed values get new ciphertext. */
@Command(
        name = "edit",
        header = "Edit the decrypted values in $EDITOR and re-encrypt what changed.",
        mixinStandardHelpOptions = true,
        description = {
            "Decrypt the environment's file to a private temporary file, open $VISUAL or $EDITOR (default vi),",
            "and re-encrypt only the values you changed. The temporary file is deleted afterwards, even on failure.",
            "When the environment has no encrypted file yet, start from an empty one and create it for the",
            "environment's recipients (nothing is created if you leave it empty)."
        })
final class EditCommand extends Subcommand {
    @Mixin
    EnvironmentOption env;

    @Mixin
    IdentityOption identity;

    @Override
    public Integer call() throws Exception {
        Project.Environment environment = project().environment(env.name);
        String editor = environment()
                .variable("VISUAL")
                .or(() -> environment().variable("EDITOR"))
                .orElse("vi");
        if (!Files.exists(environment.encrypted())) {
            return create(environment, editor);
        }
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted =
                        EnvironmentFiles.readEncrypted(environment.encrypted()).decrypt(keys);
                EditSession session = EditSession.open(tempName(environment), decrypted.plaintext())) {
            byte[] before = decrypted.plaintext();
            byte[] after = session.edit(editor, environment(), err());
            if (Arrays.equals(before, after)) {
                out().println("No changes; " + EnvironmentFiles.display(environment.encrypted(), environment())
                        + " left as it was.");
                return ExitCodes.OK;
            }
            EncryptedEnvFile edited = decrypted.reencrypt(after);
            edited.writeAtomically(environment.encrypted());
            out().println("Saved " + EnvironmentFiles.display(environment.encrypted(), environment()) + " ("
                    + EnvironmentFiles.keyCount(edited) + ").");
            return ExitCodes.OK;
        }
    }

    /** The environment's first file: written in the editor, encrypted for its recipients (no key needed). */
    private int create(Project.Environment environment, String editor) throws Exception {
        List<Recipient> recipients = EnvironmentFiles.recipients(environment.recipients(), env.name);
        String shown = EnvironmentFiles.display(environment.encrypted(), environment());
        try (EditSession session = EditSession.open(tempName(environment), new byte[0])) {
            byte[] written = session.edit(editor, environment(), err());
            if (new String(written, StandardCharsets.UTF_8).isBlank()) {
                out().println("Nothing written; " + shown + " not created.");
                return ExitCodes.OK;
            }
            EncryptedEnvFile created = EncryptedEnvFile.encrypt(
                    written, EnvironmentFiles.format(environment.encrypted()), EnvironmentFiles.settings(recipients));
            Path parent = environment.encrypted().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            created.writeAtomically(environment.encrypted());
            out().println("Created " + shown + " (" + EnvironmentFiles.keyCount(created) + ").");
            return ExitCodes.OK;
        }
    }

    /** {@code staging.yaml} for {@code config/staging.enc.yaml}: the editor sees the right file type. */
    private static String tempName(Project.Environment environment) {
        String name = environment.encrypted().getFileName().toString().replace(".enc.", ".");
        return name.startsWith(".") ? environment.name() + name : name;
    }
}
