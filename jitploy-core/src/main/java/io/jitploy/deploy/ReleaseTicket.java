package io.jitploy.deploy;

import io.jitploy.coordination.CoordinatorState;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.coordination.DeployRequest;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * How an intent becomes a release in the ledger and a ticket in the coordinator, and how the two are linked: the
 * request's reason names the release, which is how a ticket is found again from its release after a restart.
 */
final class ReleaseTicket {
    private static final String RELEASE_PREFIX = "release ";

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

    /** The release a ticket carries; empty for tickets queued by others (holds, direct coordinator users). */
    static Optional<String> releaseOf(CoordinatorState.TicketState ticket) {
        String reason = ticket.reason();
        return reason != null && reason.startsWith(RELEASE_PREFIX) && ticket.version() != null
                ? Optional.of(reason.substring(RELEASE_PREFIX.length()))
                : Optional.empty();
    }

    /**
     * Frees the ticket of a release the ledger has already finished: nothing will release it any more (the
     * controller stopped between recording the result and releasing the slot). A success still raises the
     * environment's high-water mark first, as {@link io.jitploy.coordination.DeploySlot#releaseSucceeded()} would.
     */
    static void settle(DeployCoordinator coordinator, Release release, String ticketId, String by) {
        EnvironmentKey key = EnvironmentKey.of(release.application(), release.environment());
        boolean holds = coordinator
                .holder(key)
                .filter(holder -> holder.ticketId().equals(ticketId))
                .isPresent();
        if (holds && release.result() == ReleaseResult.SUCCEEDED && release.commitTime() != null) {
            coordinator.recordSucceeded(key, release.commitTime().getEpochSecond(), release.version());
        }
        coordinator.cancel(ticketId, by);
    }

    /**
     * An intent naming a recorded release, for a run the engine ends on its own (nothing resumed it, so the
     * caller's intent is not known). It only labels the run: nothing is deployed with it.
     */
    static DeployIntent intentOf(Release release) {
        DeployIntent.Builder intent = DeployIntent.builder(
                        release.application(),
                        release.environment(),
                        release.version(),
                        Objects.requireNonNullElse(release.sha(), ""))
                .ref(release.ref())
                .buildUrl(release.buildUrl())
                .user(Objects.requireNonNullElse(release.user(), DeployOrchestrator.ENGINE))
                .promotedFrom(release.promotedFrom())
                .rollbackOf(release.rollbackOf());
        Trigger trigger = release.trigger();
        boolean complete = (trigger != Trigger.PROMOTE || release.promotedFrom() != null)
                && (trigger != Trigger.ROLLBACK || release.rollbackOf() != null);
        if (complete) {
            intent.trigger(trigger); // else the default: an intent that names no source must not claim one
        }
        return intent.build();
    }

    /** The queue shows this, and {@link #find} matches on it. */
    private static String reasonFor(String releaseId) {
        return RELEASE_PREFIX + releaseId;
    }
}
