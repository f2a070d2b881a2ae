package io.jitploy.cli;

import io.jitploy.envfile.keys.KeyRing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The {@code --identity FILE} option; without it, identities come from the sources of {@link IdentitySources}. */
final class IdentityOption {
    @Option(
            names = "--identity",
            paramLabel = "FILE",
            description = "Private key file: age identities (AGE-SECRET-KEY-1...) or an armored OpenPGP secret key."
                    + " Default: $JITPLOY_AGE_KEY, $SOPS_AGE_KEY, $SOPS_AGE_KEY_FILE, the user key file,"
                    + " ~/.config/sops/age/keys.txt.")
    String file;

    KeyRing keyRing(CliEnvironment environment, PrintWriter err) {
        return new IdentitySources(environment, err).keyRing(path(environment));
    }

    Optional<KeyRing> find(CliEnvironment environment, PrintWriter err) {
        return new IdentitySources(environment, err).find(path(environment));
    }

    private Path path(CliEnvironment environment) {
        return file == null ? null : environment.resolve(file);
    }
}
