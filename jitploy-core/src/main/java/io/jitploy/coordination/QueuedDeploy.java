package io.jitploy.coordination;

import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** A request known to the coordinator: waiting, holding the slot, or done. Guarded by its environment's lock. */
final class QueuedDeploy {
    enum State {
        WAITING,
        HOLDING,
        DONE
    }

    final Ticket ticket;
    final DeployRequest request;
    final CompletableFuture<DeploySlot> future = new CompletableFuture<>();
    State state = State.WAITING;
    DeploySlot slot;

    QueuedDeploy(Ticket ticket, DeployRequest request) {
        this.ticket = ticket;
        this.request = request;
    }

    Instant grantedAt() {
        return slot == null ? null : slot.grantedAt();
    }

    String what() {
        return request.isHold() ? "hold by " + request.requestedBy() : "deploy of " + request.version();
    }

    CoordinatorState.TicketState toState() {
        return new CoordinatorState.TicketState(
                ticket.id(),
                ticket.sequence(),
                request.version(),
                request.orderKey().isPresent() ? request.orderKey().getAsLong() : null,
                request.requestedBy(),
                request.trigger(),
                request.supersede(),
                request.failFast(),
                request.reason(),
                ticket.queuedAt(),
                grantedAt());
    }

    /** A waiting entry rebuilt from persisted state; the caller makes it the holder if it was one. */
    static QueuedDeploy fromState(EnvironmentKey key, CoordinatorState.TicketState t) {
        DeployRequest request = new DeployRequest(
                key,
                t.version(),
                t.orderKey() == null ? OptionalLong.empty() : OptionalLong.of(t.orderKey()),
                t.requestedBy(),
                t.trigger(),
                t.supersede(),
                t.failFast(),
                t.reason());
        return new QueuedDeploy(new Ticket(t.id(), key, t.sequence(), t.queuedAt()), request);
    }
}
