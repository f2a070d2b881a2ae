package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jitploy edit -e ENV}: edit the decrypted file in {@code $EDITOR}; only changed values get new ciphertext. */
@Command(
        name = "edit",
        header = "Edit the decrypted values in $EDITOR and re-encrypt what changed.",
        mixinStandardHelpOptions = true,
        description = {
            "Decrypt the environment's file to a private temporary file, open $VISUAL or $EDITOR (default vi),",
            "and re-encrypt only the values you changed. The temporary file is deleted afterwards, even on failure."
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

    /** {@code staging.yaml} for {@code config/staging.enc.yaml}: the editor sees the right file type. */
    private static String tempName(Project.Environment environment) {
        String name = environment.encrypted().getFileName().toString().replace(".enc.", ".");
        return name.startsWith(".") ? environment.name() + name : name;
    }
}
