package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jitploy set -e ENV KEY [VALUE|-]}: sets one value; every other line of the file stays byte-identical. */
@Command(
        name = "set",
        header = "Set one value (read from the terminal or stdin with -).",
        mixinStandardHelpOptions = true,
        description = {
            "Set one value in the environment's encrypted file. Every other value keeps its ciphertext.",
            "Without VALUE, or with -, the value is typed without echo on the terminal, or read from standard",
            "input when piped (one trailing newline removed), so it never lands in shell history."
        })
final class SetCommand extends Subcommand {
    @Mixin
    EnvironmentOption env;

    @Mixin
    IdentityOption identity;

    @Parameters(index = "0", paramLabel = "KEY", description = "Key path, e.g. DB_PASSWORD or db.password.")
    String key;

    @Parameters(index = "1", arity = "0..1", paramLabel = "VALUE", description = "The value, or - for stdin.")
    String value;

    @Override
    public Integer call() throws Exception {
        Project.Environment environment = project().environment(env.name);
        String newValue =
                value == null || value.equals("-") ? environment().readSecret("Value for " + key + ": ") : value;
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted =
                        EnvironmentFiles.readEncrypted(environment.encrypted()).decrypt(keys)) {
            EncryptedEnvFile updated = decrypted.set(key, newValue);
            updated.writeAtomically(environment.encrypted());
        }
        out().println("Set " + key + " in " + EnvironmentFiles.display(environment.encrypted(), environment()) + ".");
        return ExitCodes.OK;
    }
}
