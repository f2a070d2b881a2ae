package io.jitploy.coordination;

/**
 * Refusal to deploy a version older than one that already succeeded in the environment, so an out-of-order
 * queue or a late retry never silently replaces newer code.
 */
public final class StaleVersionException extends CoordinationException {
    private static final long serialVersionUID = 1L;

    StaleVersionException(EnvironmentKey key, String version, long orderKey, long newerOrder, String newerVersion) {
        super("refusing to deploy " + version + " (order " + orderKey + ") to " + key + ": a newer version "
                + (newerVersion == null ? "" : newerVersion + " ") + "(order " + newerOrder + ") already succeeded "
                + "there. To go back to an older version, run an explicit rollback (trigger ROLLBACK); otherwise "
                + "deploy a version at least as new.");
    }
}
