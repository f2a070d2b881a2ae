package io.jitploy.cli;

import io.jitploy.envfile.KeyFormatException;
import io.jitploy.envfile.keys.Identities;
import io.jitploy.envfile.keys.KeyRing;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the private keys that open env files, in this documented order (docs/cli.md):
 *
 * <ol>
 *   <li>{@code --identity FILE}: if given, the only source (age identities or an armored OpenPGP secret key);
 *   <li>otherwise every available source, combined in this order: {@code $JITPLOY_AGE_KEY}, {@code $SOPS_AGE_KEY},
 *       the file {@code $SOPS_AGE_KEY_FILE}, the user key file ({@code $JITPLOY_KEYS_FILE} or
 *       {@code ~/.config/jitploy/keys.txt}), and sops's {@code ~/.config/sops/age/keys.txt}.
 * </ol>
 */
final class IdentitySources {
    private final CliEnvironment environment;
    private final PrintWriter err;

    IdentitySources(CliEnvironment environment, PrintWriter err) {
        this.environment = environment;
        this.err = err;
    }

    /**
     * The identities, or a {@link CliException} (exit code 3) naming every place that was looked at.
     *
     * @param identityFile the {@code --identity} option, or null
     */
    KeyRing keyRing(Path identityFile) {
        return find(identityFile)
                .orElseThrow(() -> CliException.key("No private key found. Looked at: "
                        + String.join(", ", placesLooked())
                        + ". Create one with `jitploy keygen -e ENV`, pass --identity FILE, or set JITPLOY_AGE_KEY."));
    }

    /** The identities if any source has some; used by {@code check}, which verifies the MAC only with a key. */
    Optional<KeyRing> find(Path identityFile) {
        if (identityFile != null) {
            if (!Files.isRegularFile(identityFile)) {
                throw CliException.key("Identity file " + identityFile + " does not exist. Pass the path of an age"
                        + " key file or an armored OpenPGP secret key.");
            }
            return Optional.of(parse(read(identityFile), "--identity " + identityFile));
        }
        List<KeyRing> rings = new ArrayList<>();
        environment.variable("JITPLOY_AGE_KEY").ifPresent(text -> rings.add(parse(text, "$JITPLOY_AGE_KEY")));
        environment.variable("SOPS_AGE_KEY").ifPresent(text -> rings.add(parse(text, "$SOPS_AGE_KEY")));
        environment.variable("SOPS_AGE_KEY_FILE").map(environment::resolve).ifPresent(file -> {
            if (!Files.isRegularFile(file)) {
                throw CliException.key("SOPS_AGE_KEY_FILE points to " + file + ", which does not exist. Fix or"
                        + " unset the variable.");
            }
            rings.add(parse(read(file), "$SOPS_AGE_KEY_FILE"));
        });
        for (Path file : List.of(environment.userKeyFile(), environment.sopsAgeKeyFile())) {
            if (Files.isRegularFile(file)) {
                if (new UserKeyFile(file).tooOpen()) {
                    err.println("warning: " + file + " is readable by other users; run `chmod 600 " + file + "`.");
                }
                rings.add(parse(read(file), file.toString()));
            }
        }
        return rings.stream().reduce(KeyRing::plus);
    }

    private List<String> placesLooked() {
        return List.of(
                "$JITPLOY_AGE_KEY",
                "$SOPS_AGE_KEY",
                "$SOPS_AGE_KEY_FILE",
                environment.userKeyFile().toString(),
                environment.sopsAgeKeyFile().toString());
    }

    private KeyRing parse(String text, String source) {
        try {
            return Identities.parse(text, environment.passphrases());
        } catch (KeyFormatException e) {
            throw new CliException(ExitCodes.KEY, source + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliException.key("Cannot read key file " + file + ": " + e.getMessage()
                    + ". Check that it exists and that you can read it.");
        }
    }
}
