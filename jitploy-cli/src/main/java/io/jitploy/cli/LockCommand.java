package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.Recipient;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code jitploy lock -e ENV}: encrypts the environment's plaintext file into its committed encrypted file. */
@Command(
        name = "lock",
        header = "Encrypt the environment's plaintext file.",
        mixinStandardHelpOptions = true,
        description = {
            "Encrypt the environment's plaintext file (e.g. config/staging.plain.yaml) into its encrypted file.",
            "Values that did not change keep their ciphertext, so the git diff shows only real changes."
        })
final class LockCommand extends Subcommand {
    @Mixin
    EnvironmentOption env;

    @Mixin
    IdentityOption identity;

    @Option(names = "--rm", description = "Delete the plaintext file after encrypting it.")
    boolean removePlaintext;

    @Override
    public Integer call() throws Exception {
        Project.Environment environment = project().environment(env.name);
        if (!Files.isRegularFile(environment.plaintext())) {
            throw CliException.file("Plaintext file " + environment.plaintext() + " does not exist. Run"
                    + " `jitploy unlock -e " + env.name + "` first, or create it.");
        }
        byte[] plaintext = Files.readAllBytes(environment.plaintext());
        List<Recipient> recipients = EnvironmentFiles.recipients(environment.recipients(), env.name);
        EncryptedEnvFile locked;
        Optional<KeyRing> keys =
                Files.isRegularFile(environment.encrypted()) ? identity.find(environment(), err()) : Optional.empty();
        if (keys.isPresent()) {
            // Re-encrypt under the existing data key so unchanged values keep their ciphertext (quiet diffs).
            try (KeyRing ring = keys.get();
                    DecryptedEnvFile current =
                            EncryptedEnvFile.read(environment.encrypted()).decrypt(ring)) {
                locked = current.reencrypt(plaintext);
                locked = RecipientSync.apply(locked, recipients, ring, err());
            }
        } else {
            if (Files.isRegularFile(environment.encrypted())) {
                err().println("warning: no key to open " + environment.encrypted()
                        + "; encrypting with a new data key, so every value's ciphertext changes.");
            }
            locked = EncryptedEnvFile.encrypt(
                    plaintext, EnvironmentFiles.format(environment.encrypted()), EnvironmentFiles.settings(recipients));
        }
        locked.writeAtomically(environment.encrypted());
        if (removePlaintext) {
            Files.delete(environment.plaintext());
        }
        out().println("Locked " + EnvironmentFiles.display(environment.plaintext(), environment()) + " -> "
                + EnvironmentFiles.display(environment.encrypted(), environment()) + " ("
                + EnvironmentFiles.keyCount(locked) + ").");
        return ExitCodes.OK;
    }
}
