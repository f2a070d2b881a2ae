package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import java.nio.file.Files;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jitploy unlock -e ENV}: decrypts the environment's file to its git-ignored plaintext path. */
@Command(
        name = "unlock",
        header = "Decrypt the environment's file to its git-ignored plaintext path.",
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

    @Option(names = "--force", description = "Overwrite a plaintext file that has edits not locked yet.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Project project = project();
        Project.Environment environment = project.environment(env.name);
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted =
                        EnvironmentFiles.readEncrypted(environment.encrypted()).decrypt(keys)) {
            if (!force
                    && Files.isRegularFile(environment.plaintext())
                    && !Arrays.equals(Files.readAllBytes(environment.plaintext()), decrypted.plaintext())) {
                throw CliException.file(environment.plaintext() + " exists and differs from the encrypted file, so"
                        + " unlocking would lose those edits. Run `jitploy lock -e " + env.name + "` to keep them, or"
                        + " `jitploy unlock -e " + env.name + " --force` to discard them.");
            }
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
