package io.jenkins.plugins.jitploy.access;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.User;
import io.jitploy.access.Actor;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * Jenkins users as the core's {@link Actor}: the user id and the names of their authorities (security realm groups,
 * {@code authenticated}), which {@code protection:} lists may name.
 */
public final class Actors {
    private static final Logger LOGGER = Logger.getLogger(Actors.class.getName());

    private Actors() {}

    /** Whoever the current thread runs as: the web request's user, or the build's authentication in a step. */
    public static @NonNull Actor current() {
        Authentication authentication = Jenkins.getAuthentication2();
        User user = User.current();
        return Actor.of(user != null ? user.getId() : authentication.getName(), names(authentication));
    }

    /**
     * The user with this id, with the groups the security realm reports for them. An id that is no Jenkins user
     * (such as {@code jenkins} for builds nobody started) or a realm that cannot look users up gives no groups, so
     * only lists naming the id itself let them in.
     */
    public static @NonNull Actor withGroups(@NonNull String id) {
        User user = User.getById(id, false);
        if (user == null) {
            return Actor.named(id);
        }
        try {
            return Actor.of(id, names(user.impersonate2()));
        } catch (UsernameNotFoundException e) {
            LOGGER.log(Level.FINE, "The security realm does not know " + id + "; deciding on the id alone", e);
            return Actor.named(id);
        } catch (RuntimeException e) {
            // Fewer groups can only refuse more, never let in more: decide on the id, and tell the administrator.
            LOGGER.log(Level.WARNING, "Cannot look up the groups of " + id + "; deciding on the id alone", e);
            return Actor.named(id);
        }
    }

    private static List<String> names(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(name -> name != null && !name.isBlank())
                .toList();
    }
}
