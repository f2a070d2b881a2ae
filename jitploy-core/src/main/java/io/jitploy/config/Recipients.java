package io.jitploy.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Who can decrypt an environment's file: age recipients ({@code age1…}) and OpenPGP key fingerprints.
 *
 * @param age age X25519 recipients, in file order
 * @param pgp OpenPGP fingerprints (hex), in file order
 */
public record Recipients(List<String> age, List<String> pgp) {
    public static final Recipients NONE = new Recipients(List.of(), List.of());

    public Recipients {
        age = List.copyOf(Objects.requireNonNull(age, "age"));
        pgp = List.copyOf(Objects.requireNonNull(pgp, "pgp"));
    }

    public boolean isEmpty() {
        return age.isEmpty() && pgp.isEmpty();
    }

    /** These recipients plus those of {@code other} not already present, order kept. */
    public Recipients union(Recipients other) {
        return new Recipients(merge(age, other.age), merge(pgp, other.pgp));
    }

    private static List<String> merge(List<String> first, List<String> second) {
        LinkedHashSet<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return new ArrayList<>(all);
    }
}
