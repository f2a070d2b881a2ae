package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jitploy set -e ENV KEY [VALUE|-]}: sets one value; every other line of the file stays byte-identical. */
@Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
            "Set one value in the environment's encrypted file. Every other value keeps its ciphertext.",
            "Without VALUE, or with -, the value is read from standard input so it never lands in shell history",
            "(one trailing newline is removed)."
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
        String newValue = value == null || value.equals("-") ? readStdin() : value;
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted =
                        EnvironmentFiles.readEncrypted(environment.encrypted()).decrypt(keys)) {
            EncryptedEnvFile updated = decrypted.set(key, newValue);
            updated.writeAtomically(environment.encrypted());
        }
        out().println("Set " + key + " in " + EnvironmentFiles.display(environment.encrypted(), environment()) + ".");
        return ExitCodes.OK;
    }

    private String readStdin() throws IOException {
        String text = new String(environment().stdin().readAllBytes(), StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }
}
