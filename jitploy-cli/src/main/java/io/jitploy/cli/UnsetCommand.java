package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jitploy unset -e ENV KEY}: removes one key; every other line of the file stays byte-identical. */
@Command(
        name = "unset",
        header = "Remove one key from the environment's encrypted file.",
        mixinStandardHelpOptions = true,
        description = "Remove one key from the environment's encrypted file. Every other value keeps its ciphertext.")
final class UnsetCommand extends Subcommand {
    @Mixin
    EnvironmentOption env;

    @Mixin
    IdentityOption identity;

    @Parameters(index = "0", paramLabel = "KEY", description = "Key path, e.g. DB_PASSWORD or db.password.")
    String key;

    @Override
    public Integer call() throws Exception {
        Project.Environment environment = project().environment(env.name);
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted =
                        EnvironmentFiles.readEncrypted(environment.encrypted()).decrypt(keys)) {
            decrypted.unset(key).writeAtomically(environment.encrypted());
        }
        out().println("Removed " + key + " from " + EnvironmentFiles.display(environment.encrypted(), environment())
                + ".");
        return ExitCodes.OK;
    }
}
