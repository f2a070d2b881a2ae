package io.jitploy.cli;

import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EnvFileFormat;
import io.jitploy.envfile.keys.KeyRing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code jitploy decrypt FILE}: decrypts any sops-format file to standard output, or in place with {@code -i}. */
@Command(
        name = "decrypt",
        header = "Decrypt a file written by jitploy or sops.",
        mixinStandardHelpOptions = true,
        description = {
            "Decrypt a sops-format FILE (written by jitploy or sops) to standard output, to -o FILE, or in place",
            "with -i (the plaintext replaces the encrypted file: do not commit it)."
        })
final class DecryptCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The encrypted file.")
    String file;

    @Mixin
    IdentityOption identity;

    @Mixin
    OutputTarget target;

    @Override
    public Integer call() throws Exception {
        Path path = environment().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw CliException.file("File " + path + " does not exist.");
        }
        try (KeyRing keys = identity.keyRing(environment(), err());
                DecryptedEnvFile decrypted = EncryptedEnvFile.read(path).decrypt(keys)) {
            Optional<Path> written = target.file(path, environment());
            if (written.isPresent()) {
                EnvironmentFiles.writePrivate(written.get(), decrypted.plaintext());
                err().println("Decrypted " + EnvironmentFiles.display(path, environment()) + " to "
                        + EnvironmentFiles.display(written.get(), environment()) + ".");
            } else if (decrypted.format() == EnvFileFormat.BINARY) {
                throw new CliException(
                        ExitCodes.USAGE,
                        path.getFileName() + " holds binary data, which is not"
                                + " printed on the terminal. Use -o FILE or -i.");
            } else {
                out().print(new String(decrypted.plaintext(), StandardCharsets.UTF_8));
                out().flush();
            }
        }
        return ExitCodes.OK;
    }
}
