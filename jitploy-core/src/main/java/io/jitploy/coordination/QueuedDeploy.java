package io.jitploy.coordination;

import java.time.Instant;
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
}
