package io.jitploy.coordination;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The locks of Pipeline blocks whose build is over. A block's lock belongs to its build ({@link #blockOwner} names it)
 * and has no expiry, unlike a lasting lock that a person or a job set for a while or until released. The block, or
 * failing that the build's end, releases it; a build that died with the controller and is found finished at startup
 * does neither, so a restart sweeps such locks with {@link #release}. Lasting locks are never touched.
 */
public final class OrphanedLocks {
    private static final String BUILD = "build ";

    private OrphanedLocks() {}

    /**
     * The owner of a block's lock held by a build.
     *
     * @param buildId the build's id, stable across restarts (Jenkins: {@code Run#getExternalizableId()})
     */
    public static String blockOwner(String buildId) {
        Objects.requireNonNull(buildId, "buildId");
        return BUILD + buildId;
    }

    /** The build holding {@code lock} for a block, or empty if it is a lasting lock (or someone else's). */
    public static Optional<String> buildOf(EnvironmentLock lock) {
        return buildOf(lock.owner(), lock.expiresAt());
    }

    /**
     * Whether saved state holds any block's lock: then the coordinator must be restored so that {@link #release} can
     * look at it, even if no deploy waits in it.
     */
    public static boolean anyHeldByBuilds(CoordinatorState state) {
        return state.environments().stream()
                .map(CoordinatorState.EnvironmentState::lock)
                .filter(Objects::nonNull)
                .anyMatch(lock -> buildOf(lock.owner(), lock.expiresAt()).isPresent());
    }

    /**
     * Releases every block's lock whose build is no longer running. Call it once builds that survived the restart
     * are running again, so that a build whose block resumes keeps its lock.
     *
     * @param running whether the build with this id (as passed to {@link #blockOwner}) is still running; a build that
     *     no longer exists is not running
     * @return the locks released, sorted by environment
     */
    public static List<EnvironmentLock> release(DeployCoordinator coordinator, Predicate<String> running) {
        List<EnvironmentLock> released = new ArrayList<>();
        for (EnvironmentLock lock : coordinator.locks()) {
            Optional<String> build = buildOf(lock);
            // unlockIfHeldBy: a lock released or taken over meanwhile is left as it is now.
            if (build.isPresent()
                    && !running.test(build.get())
                    && coordinator.unlockIfHeldBy(lock.key(), lock.owner())) {
                released.add(lock);
            }
        }
        return released;
    }

    private static Optional<String> buildOf(String owner, Instant expiresAt) {
        if (expiresAt != null || !owner.startsWith(BUILD) || owner.length() == BUILD.length()) {
            return Optional.empty();
        }
        return Optional.of(owner.substring(BUILD.length()));
    }
}
