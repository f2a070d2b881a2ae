package io.jitploy.cli;

import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.Recipient;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jitploy rotate -e ENV}: new data key, every value re-encrypted, wrapped for the declared recipients. */
@Command(
        name = "rotate",
        header = "Re-encrypt everything under a new data key (this revokes).",
        mixinStandardHelpOptions = true,
        description = {
            "Generate a new data key, re-encrypt every value and wrap the key for exactly the recipients",
            "declared in .jitploy.yml (plus escrow). This is what revokes a removed recipient."
        })
final class RotateCommand extends Subcommand {
    @Mixin
    EnvironmentOption env;

    @Mixin
    IdentityOption identity;

    @Override
    public Integer call() throws Exception {
        Project.Environment environment = project().environment(env.name);
        List<Recipient> recipients = EnvironmentFiles.recipients(environment.recipients(), env.name);
        EncryptedEnvFile current = EnvironmentFiles.readEncrypted(environment.encrypted());
        try (KeyRing keys = identity.keyRing(environment(), err())) {
            current.rotate(keys, recipients).writeAtomically(environment.encrypted());
        }
        out().println("Rotated the data key of " + EnvironmentFiles.display(environment.encrypted(), environment())
                + "; encrypted for " + recipients.size() + " recipient(s). Commit the file, and remember that old"
                + " revisions in git still open with the old keys.");
        return ExitCodes.OK;
    }
}
