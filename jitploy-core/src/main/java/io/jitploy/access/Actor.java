package io.jitploy.access;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Someone who acts on an environment: a user id and the groups (Jenkins: authorities) they belong to. Ids and group
 * names are compared exactly; callers pass canonical ids.
 *
 * @param id the user id
 * @param groups group or authority names
 */
public record Actor(String id, Set<String> groups) {
    public Actor {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("An actor needs a user id.");
        }
        groups = Set.copyOf(Objects.requireNonNull(groups, "groups"));
    }

    /** An actor known by id and groups. */
    public static Actor of(String id, Collection<String> groups) {
        return new Actor(id, Set.copyOf(groups));
    }

    /** An actor known by id only (no group can let them in). */
    public static Actor named(String id) {
        return new Actor(id, Set.of());
    }

    /** Whether {@code names} lists this actor's id or one of their groups. */
    public boolean isNamedIn(List<String> names) {
        return names.contains(id) || groups.stream().anyMatch(names::contains);
    }

    /** "alice (groups: dev, ops)", for messages; long group lists are cut. */
    String describe() {
        if (groups.isEmpty()) {
            return id;
        }
        List<String> sorted = List.copyOf(new TreeSet<>(groups));
        String shown = String.join(", ", sorted.subList(0, Math.min(10, sorted.size())));
        return id + " (groups: " + shown + (sorted.size() > 10 ? ", …" : "") + ")";
    }
}
