package io.jitploy.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Compares the recipients an env file is actually encrypted for with what {@code .jitploy.yml} requires (the
 * environment's recipients plus the escrow ones). {@code jitploy check} reports each violation and exits non-zero.
 */
public final class RecipientPolicy {
    private RecipientPolicy() {}

    /**
     * What is wrong with the recipients of {@code environment}'s file, empty when it matches the policy exactly.
     * PGP fingerprints compare without spaces and case; age recipients compare exactly.
     *
     * @param inFile the recipients found in the env file's metadata
     */
    public static List<String> violations(JitployConfig config, EnvironmentSpec environment, Recipients inFile) {
        Objects.requireNonNull(inFile, "inFile");
        Recipients required = config.requiredRecipients(environment);
        String fix = "run 'jitploy rotate -e " + environment.name() + "' to re-encrypt " + environment.file()
                + " for exactly the recipients in .jitploy.yml";
        List<String> violations = new ArrayList<>();
        for (String age : required.age()) {
            if (!inFile.age().contains(age)) {
                violations.add(environment.file() + " is not encrypted for " + role(config, age) + " age recipient "
                        + age + "; " + fix);
            }
        }
        for (String pgp : required.pgp()) {
            if (inFile.pgp().stream().noneMatch(found -> sameFingerprint(found, pgp))) {
                violations.add(environment.file() + " is not encrypted for " + role(config, pgp) + " PGP key " + pgp
                        + "; " + fix);
            }
        }
        for (String age : inFile.age()) {
            if (!required.age().contains(age)) {
                violations.add(environment.file() + " is still encrypted for age recipient " + age
                        + ", which .jitploy.yml does not list; " + fix + " (removing a recipient without rotating"
                        + " does not revoke it)");
            }
        }
        for (String pgp : inFile.pgp()) {
            if (required.pgp().stream().noneMatch(listed -> sameFingerprint(listed, pgp))) {
                violations.add(environment.file() + " is still encrypted for PGP key " + pgp
                        + ", which .jitploy.yml does not list; " + fix + " (removing a recipient without rotating"
                        + " does not revoke it)");
            }
        }
        return violations;
    }

    private static String role(JitployConfig config, String recipient) {
        return config.escrow().age().contains(recipient)
                        || config.escrow().pgp().stream().anyMatch(pgp -> sameFingerprint(pgp, recipient))
                ? "the escrow"
                : "the";
    }

    private static boolean sameFingerprint(String a, String b) {
        return normalise(a).equals(normalise(b));
    }

    private static String normalise(String fingerprint) {
        return fingerprint.replace(" ", "").toUpperCase(Locale.ROOT);
    }
}
