package io.jitploy.deploy;

import io.jitploy.coordination.CoordinatorState;
import io.jitploy.coordination.DeployCoordinator;
import io.jitploy.deploy.DeployNotStartedException.Reason;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Deploys a controller restart left without an owner. The coordinator restores every ticket it had, but only a
 * caller that saved its run id before the restart can re-attach: a ticket queued in the moment before its caller
 * saved that id, or whose caller is gone, would hold or block its environment forever.
 *
 * <p>Only tickets the coordinator already had when the orchestrator was built are considered (they were restored):
 * one queued since belongs to a {@code start} under way. Of those, a ticket whose release a run has claimed
 * ({@code reattach}) is left to that run; the others are settled here, a queued or running release only once the
 * caller says its owner is gone.
 *
 * <p>The same goes for releases the ledger shows queued or running with no ticket at all when the orchestrator was
 * built: the controller stopped between recording the release and queueing it, or the coordinator's saved state is
 * older than the ledger. Nothing would ever finish them, and the Releases view would show them queued forever.
 */
final class OrphanedTickets {
    private final ReleaseLedger ledger;
    private final DeployCoordinator coordinator;
    private final RunRecords records;
    private final LiveRuns runs;
    private final BiFunction<DeployRunId, DeployIntent, RunState> newRun;
    /** Restored tickets not settled yet; shrinks as they are claimed, released or abandoned. */
    private final Set<String> inherited = ConcurrentHashMap.newKeySet();
    /** Unfinished releases no ticket carried at start-up; shrinks as the ledger records them finished. */
    private final Set<String> ticketless = ConcurrentHashMap.newKeySet();

    OrphanedTickets(
            ReleaseLedger ledger,
            DeployCoordinator coordinator,
            RunRecords records,
            LiveRuns runs,
            BiFunction<DeployRunId, DeployIntent, RunState> newRun) {
        this.ledger = ledger;
        this.coordinator = coordinator;
        this.records = records;
        this.runs = runs;
        this.newRun = newRun;
        Set<String> ticketed = new HashSet<>();
        tickets(coordinator.snapshot()).forEach(ticket -> {
            inherited.add(ticket.id());
            ReleaseTicket.releaseOf(ticket).ifPresent(ticketed::add);
        });
        // Start-up only, and it reads the few unfinished releases, not the history.
        for (Release release : ledger.unfinished()) {
            if (!ticketed.contains(release.id())) {
                ticketless.add(release.id());
            }
        }
    }

    List<Release> abandon(Predicate<Release> ownerGone) {
        if (inherited.isEmpty() && ticketless.isEmpty()) {
            return List.of(); // the usual case, long after a restart: no snapshot needed
        }
        List<Release> abandoned = new ArrayList<>();
        CoordinatorState state = coordinator.snapshot();
        Set<String> live = new HashSet<>();
        Set<String> ticketed = new HashSet<>();
        for (CoordinatorState.TicketState ticket : tickets(state).toList()) {
            live.add(ticket.id());
            Optional<String> releaseId = ReleaseTicket.releaseOf(ticket);
            releaseId.ifPresent(ticketed::add);
            if (!inherited.contains(ticket.id()) || releaseId.isEmpty() || runs.contains(releaseId.get())) {
                continue; // not restored, not a deploy of ours, or a resumed run's own business
            }
            Optional<Release> release = ledger.byId(releaseId.get());
            if (release.isEmpty()) {
                // Nothing can re-attach a release the ledger does not know (reattach refuses it).
                coordinator.cancel(ticket.id(), DeployOrchestrator.ENGINE);
            } else if (release.get().result().isFinished()) {
                ReleaseTicket.settle(coordinator, release.get(), ticket.id(), DeployOrchestrator.ENGINE);
            } else if (ownerGone.test(release.get())) {
                abandon(release.get(), ticket.id()).ifPresent(abandoned::add);
            }
        }
        inherited.retainAll(live);
        abandonTicketless(ownerGone, ticketed, abandoned);
        return abandoned;
    }

    private void abandonTicketless(Predicate<Release> ownerGone, Set<String> ticketed, List<Release> abandoned) {
        for (String releaseId : ticketless) {
            if (ticketed.contains(releaseId) || runs.contains(releaseId)) {
                continue; // queued again by a reattach: that run finishes it
            }
            Optional<Release> release = ledger.byId(releaseId);
            if (release.isEmpty() || release.get().result().isFinished()) {
                ticketless.remove(releaseId);
            } else if (ownerGone.test(release.get())) {
                abandon(release.get(), null).ifPresent(abandoned::add);
            }
        }
    }

    /**
     * Records the release aborted, then frees its ticket if it has one (in that order: a crash in between leaves a
     * finished release whose ticket the next call settles, never a release queued forever without a ticket). The
     * run is claimed first, so that a {@code reattach} racing with this gets the aborted run rather than resuming it.
     */
    private Optional<Release> abandon(Release release, String ticketId) {
        DeployRunId id = new DeployRunId(release.id(), ticketId == null ? "lost" : ticketId);
        RunState run = newRun.apply(id, ReleaseTicket.intentOf(release));
        synchronized (run) {
            run.done = true; // no outcome or grant may act on it any more
        }
        if (runs.claim(run) != run) {
            return Optional.empty();
        }
        Release aborted;
        try {
            aborted = records.finishQuietly(run, ReleaseResult.ABORTED);
        } catch (RuntimeException e) {
            runs.drop(run);
            throw e;
        }
        if (!aborted.result().isFinished()) {
            runs.drop(run); // the ledger refused the write: leave it to the next call
            return Optional.empty();
        }
        String message = whyAbandoned(release, ticketId != null);
        aborted = records.explain(aborted, message);
        if (ticketId != null) {
            // The coordinator announces the cancel (ABORTED, actor jenkins); no second event for the same abort.
            coordinator.cancel(ticketId, DeployOrchestrator.ENGINE);
        } else {
            records.publish(EventType.ABORTED, aborted, DeployOrchestrator.ENGINE, message);
        }
        records.endWithoutStart(run, aborted, new DeployNotStartedException(Reason.CANCELLED, message, null));
        return Optional.of(aborted);
    }

    private static String whyAbandoned(Release release, boolean hadTicket) {
        if (release.result() == ReleaseResult.RUNNING) {
            String how = hadTicket
                    ? " was running when the controller stopped,"
                    : " was running when the controller stopped, its slot was lost in the restart,";
            return "Release " + release.id() + how + " and its owner went away without resuming it, so the deploy"
                    + " may be incomplete: deploy " + release.version() + " again.";
        }
        return hadTicket
                ? "Release " + release.id() + " was queued when the controller stopped, and its owner went away"
                        + " without resuming it: it was taken out of the queue."
                : "Release " + release.id() + " was recorded but never queued (the controller stopped in between),"
                        + " and its owner went away: it will not be deployed.";
    }

    private static Stream<CoordinatorState.TicketState> tickets(CoordinatorState state) {
        return state.environments().stream()
                .flatMap(environment ->
                        Stream.concat(Stream.ofNullable(environment.holder()), environment.waiting().stream()));
    }
}
