package io.jitploy.deploy;

import io.jitploy.coordination.CoordinatorState;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.DeployRequest;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * How an intent becomes a release in the ledger and a ticket in the coordinator, and how the two are linked: the
 * request's reason names the release, which is how a ticket is found again from its release after a restart.
 */
final class ReleaseTicket {
    private ReleaseTicket() {}

    /** What the ledger records when the deploy is queued. */
    static ReleaseDraft draft(DeployIntent intent) {
        ReleaseDraft.Builder draft = ReleaseDraft.builder(intent.application(), intent.environment(), intent.version())
                .sha(intent.sha())
                .ref(intent.ref())
                .buildUrl(intent.buildUrl())
                .trigger(intent.trigger())
                .user(intent.user())
                .configFingerprints(intent.configFingerprints())
                .commitTime(intent.commitTime())
                .promotedFrom(intent.promotedFrom());
        if (intent.rollbackOf() != null) {
            draft.rollbackOf(intent.rollbackOf());
        }
        return draft.build();
    }

    /** What the coordinator queues for the recorded release; commit time orders versions for stale protection. */
    static DeployRequest request(DeployIntent intent, String releaseId) {
        OptionalLong order = intent.commitTime() == null
                ? OptionalLong.empty()
                : OptionalLong.of(intent.commitTime().getEpochSecond());
        return new DeployRequest(
                EnvironmentKey.of(intent.application(), intent.environment()),
                intent.version(),
                order,
                intent.user(),
                intent.trigger(),
                intent.supersede(),
                intent.failFast(),
                reasonFor(releaseId));
    }

    /** The coordinator ticket that carries this release (holding or waiting), found through the request's reason. */
    static Optional<String> find(DeployCoordinator coordinator, Release release) {
        String reason = reasonFor(release.id());
        return coordinator.snapshot().environments().stream()
                .filter(e -> e.application().equals(release.application())
                        && e.environment().equals(release.environment()))
                .flatMap(e -> Stream.concat(Stream.ofNullable(e.holder()), e.waiting().stream()))
                .filter(t -> reason.equals(t.reason()))
                .map(CoordinatorState.TicketState::id)
                .findFirst();
    }

    /** The queue shows this, and {@link #find} matches on it. */
    private static String reasonFor(String releaseId) {
        return "release " + releaseId;
    }
}
