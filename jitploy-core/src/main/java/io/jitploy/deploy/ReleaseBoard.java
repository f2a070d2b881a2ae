package io.jitploy.deploy;

import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The state of every environment of a store, for views and APIs: an environment appears once it has a live release
 * or has anything going on (a deploy running or waiting, a lock), so that a first deploy waiting behind a lock is as
 * visible as a release. Reads the ledger's live releases (not the history) and the coordinator's queues.
 */
public final class ReleaseBoard {
    private final ReleaseLedger ledger;
    private final DeployCoordinator coordinator;

    public ReleaseBoard(ReleaseLedger ledger, DeployCoordinator coordinator) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
    }

    /**
     * The applications to show: {@code released} (those with a release, which the host remembers) and those with
     * something going on in an environment, sorted.
     */
    public SortedSet<String> applications(Collection<String> released) {
        SortedSet<String> names = new TreeSet<>(released);
        for (EnvironmentKey key : coordinator.activeEnvironments()) {
            names.add(key.application());
        }
        return names;
    }

    /** Each environment of {@code application} that has a live release or anything going on, sorted by name. */
    public List<EnvironmentStatus> environments(String application) {
        SortedMap<String, Release> live = ledger.liveMatrix(application);
        SortedSet<String> names = new TreeSet<>(live.keySet());
        for (EnvironmentKey key : coordinator.activeEnvironments()) {
            if (key.application().equals(application)) {
                names.add(key.environment());
            }
        }
        List<EnvironmentStatus> result = new ArrayList<>();
        for (String environment : names) {
            EnvironmentKey key = new EnvironmentKey(application, environment);
            result.add(new EnvironmentStatus(
                    environment,
                    Optional.ofNullable(live.get(environment)),
                    coordinator.holder(key),
                    coordinator.queue(key),
                    coordinator.lockOf(key)));
        }
        return result;
    }
}
