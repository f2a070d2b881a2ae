package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code jitploy unlock -e ENV}: decrypts the environment's file to its git-ignored plaintext path. */
@Command(
        name = "unlock",
        mixinStandardHelpOptions = true,
        description = {
            "Decrypt the environment's encrypted file to its plaintext path (git-ignored, mode 0600).",
            "Edit it, then run `jitploy lock -e ENV`."
        })
final class UnlockCommand extends Subcommand {
    @Mixin
    EnvironmentOption env;

    @Mixin
    IdentityOption identity;

    @Override
    public Integer call() throws Exception {
        Project project = project();
        Project.Environment environment = project.environment(env.name);
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted =
                        EnvironmentFiles.readEncrypted(environment.encrypted()).decrypt(keys)) {
            EnvironmentFiles.writePrivate(environment.plaintext(), decrypted.plaintext());
        }
        if (!GitRepository.isIgnored(project.root(), environment.plaintext())) {
            err().println("warning: " + environment.plaintext() + " is not git-ignored. Add `*.plain.*` to"
                    + " .gitignore so the plaintext is never committed.");
        }
        out().println("Unlocked " + EnvironmentFiles.display(environment.encrypted(), environment()) + " -> "
                + EnvironmentFiles.display(environment.plaintext(), environment()));
        return ExitCodes.OK;
    }
}
