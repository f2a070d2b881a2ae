package io.jitploy.cli;

import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EncryptionSettings;
import io.jitploy.envfile.keys.Recipient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jitploy encrypt FILE}: encrypts any YAML, JSON, dotenv or other file as sops does, for recipients from
 * flags or from {@code .sops.yaml} creation rules, so a sops repository works without {@code .jitploy.yml}.
 */
@Command(
        name = "encrypt",
        header = "Encrypt any file the way sops does.",
        mixinStandardHelpOptions = true,
        description = {
            "Encrypt FILE (YAML, JSON, dotenv; anything else as a binary file) the way sops does. Recipients come",
            "from --age/--pgp, else from the first matching creation rule of .sops.yaml. Writes to standard",
            "output, to -o FILE, or replaces FILE with -i."
        })
final class EncryptCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The plaintext file.")
    String file;

    @Option(names = "--age", paramLabel = "RECIPIENT", description = "age recipient (age1...); repeatable.")
    List<String> age = new ArrayList<>();

    @Option(
            names = "--pgp",
            paramLabel = "KEY",
            description = "OpenPGP public key file (.asc) or fingerprint (key in .jitploy/pgp/FP.asc); repeatable.")
    List<String> pgp = new ArrayList<>();

    @Mixin
    OutputTarget target;

    @Override
    public Integer call() throws Exception {
        Path path = environment().resolve(file);
        if (!Files.isRegularFile(path)) {
            throw CliException.file("File " + path + " does not exist.");
        }
        EncryptionSettings settings = settings(path);
        byte[] plaintext = Files.readAllBytes(path);
        EncryptedEnvFile encrypted = EncryptedEnvFile.encrypt(plaintext, EnvironmentFiles.format(path), settings);
        Optional<Path> written = target.file(path, environment());
        if (written.isPresent()) {
            encrypted.writeAtomically(written.get());
            err().println("Encrypted " + EnvironmentFiles.display(path, environment()) + " to "
                    + EnvironmentFiles.display(written.get(), environment()) + ".");
        } else {
            out().print(new String(encrypted.toBytes(), StandardCharsets.UTF_8));
            out().flush();
        }
        return ExitCodes.OK;
    }

    private EncryptionSettings settings(Path path) throws IOException {
        List<Recipient> recipients = new ArrayList<>();
        age.forEach(text -> recipients.add(Recipient.parse(text)));
        for (String text : pgp) {
            Path keyFile = environment().resolve(text);
            recipients.add(Recipient.parse(
                    Files.isRegularFile(keyFile) ? Files.readString(keyFile, StandardCharsets.US_ASCII) : text));
        }
        if (!recipients.isEmpty()) {
            return EnvironmentFiles.settings(recipients);
        }
        return SopsCreationRules.settingsFor(path);
    }
}
