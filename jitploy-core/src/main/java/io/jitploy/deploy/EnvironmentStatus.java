package io.jitploy.deploy;

import io.jitploy.coordination.EnvironmentLock;
import io.jitploy.coordination.QueueEntry;
import io.jitploy.coordination.SlotHolder;
import io.jitploy.ledger.Release;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an environment shows at one moment: the release live in it, the deploy holding its slot, the deploys waiting,
 * and the lock in force. Names, versions and users only; never configuration values.
 *
 * @param environment the environment's name
 * @param live the release live in it (the latest that succeeded), if any
 * @param deploying who holds its deploy slot now, if anyone
 * @param queue the deploys waiting, next first, each with why it waits
 * @param lock the lock in force, if any
 */
public record EnvironmentStatus(
        String environment,
        Optional<Release> live,
        Optional<SlotHolder> deploying,
        List<QueueEntry> queue,
        Optional<EnvironmentLock> lock) {
    public EnvironmentStatus {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(deploying, "deploying");
        queue = List.copyOf(queue);
        Objects.requireNonNull(lock, "lock");
    }
}
