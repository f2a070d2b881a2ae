package io.jitploy.coordination;

import java.time.Instant;
import java.util.Optional;

/**
 * The exclusive right to deploy to (or hold) one environment. Release it exactly once when the work is done;
 * releasing grants the slot to the next eligible waiter. Extra calls to {@link #release()} do nothing, so
 * cleanup code may release unconditionally.
 */
public final class DeploySlot {
    private final DeployCoordinator coordinator;
    private final Ticket ticket;
    private final DeployRequest request;
    private final Instant grantedAt;
    private volatile boolean released;

    DeploySlot(DeployCoordinator coordinator, Ticket ticket, DeployRequest request, Instant grantedAt) {
        this.coordinator = coordinator;
        this.ticket = ticket;
        this.request = request;
        this.grantedAt = grantedAt;
    }

    public String ticketId() {
        return ticket.id();
    }

    public Ticket ticket() {
        return ticket;
    }

    public EnvironmentKey key() {
        return ticket.key();
    }

    public DeployRequest request() {
        return request;
    }

    /** The version being deployed; empty for a hold. */
    public Optional<String> version() {
        return request.versionIfAny();
    }

    public Instant grantedAt() {
        return grantedAt;
    }

    /**
     * Frees the slot. Returns true if this call released it, false if it was already released or the ticket was
     * cancelled meanwhile.
     */
    public boolean release() {
        return coordinator.release(this, false);
    }

    /**
     * Records that this deploy succeeded, then frees the slot, atomically: no waiter older than this version can
     * slip in between (it fails with {@link StaleVersionException} unless it is a rollback).
     */
    public boolean releaseSucceeded() {
        return coordinator.release(this, true);
    }

    public boolean isReleased() {
        return released;
    }

    void markReleased() {
        released = true;
    }

    @Override
    public String toString() {
        return "DeploySlot[" + ticket.id() + " " + ticket.key() + " " + request.describe() + " by "
                + request.requestedBy() + (released ? ", released" : "") + "]";
    }
}
