package io.jitploy.coordination;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Finished tickets, remembered so that {@link DeployCoordinator#awaitSlot} still reports how they ended for a while;
 * the eldest are forgotten beyond a capacity. Lock-free so that retiring tickets does not serialise otherwise
 * independent environments.
 */
final class RetiredTickets {
    private final int capacity;
    private final ConcurrentHashMap<String, CompletableFuture<DeploySlot>> outcomes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger count = new AtomicInteger();

    RetiredTickets(int capacity) {
        this.capacity = capacity;
    }

    void retire(QueuedDeploy done) {
        if (outcomes.put(done.ticket.id(), done.future) == null) {
            order.add(done.ticket.id());
            if (count.incrementAndGet() > capacity) {
                String eldest = order.poll();
                if (eldest != null) {
                    outcomes.remove(eldest);
                    count.decrementAndGet();
                }
            }
        }
    }

    /** How a retired ticket ended, or null if it is unknown or forgotten. */
    CompletableFuture<DeploySlot> outcome(String ticketId) {
        return outcomes.get(ticketId);
    }
}
