package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.STAGING;
import static io.jitploy.coordination.CoordinatorFixture.START;
import static io.jitploy.coordination.CoordinatorFixture.push;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The queue as users see it: who queued which version, when, in which position, and why it waits. */
class QueueVisibilityTest {
    private final CoordinatorFixture f = new CoordinatorFixture();
    private final DeployCoordinator coordinator = f.coordinator;

    @Test
    void everyWaitingEntrySaysWhoWhatWhenAndWhy() {
        coordinator.awaitSlot(coordinator.enqueue(push(STAGING, 1, "alice")).id());
        f.scheduler.advance(Duration.ofMinutes(5));
        Ticket bob = coordinator.enqueue(push(STAGING, 2, "bob"));
        f.scheduler.advance(Duration.ofMinutes(3));
        Ticket carol = coordinator.enqueue(push(STAGING, 3, "carol"));

        assertThat(coordinator.queue(STAGING))
                .containsExactly(
                        new QueueEntry(
                                bob.id(),
                                1,
                                "bob",
                                "v2",
                                START.plus(Duration.ofMinutes(5)),
                                "waiting for the slot: alice holds it (v1 (order 1)) since Tue 24 Nov 14:00 UTC"),
                        new QueueEntry(
                                carol.id(),
                                2,
                                "carol",
                                "v3",
                                START.plus(Duration.ofMinutes(8)),
                                "queued behind 1 earlier request"));

        // The id shown is the one to cancel with; the next entry moves up and keeps its queue time.
        assertThat(coordinator.cancel(bob.id(), "bob")).isTrue();
        assertThat(coordinator.queue(STAGING)).singleElement().satisfies(entry -> {
            assertThat(entry.ticketId()).isEqualTo(carol.id());
            assertThat(entry.position()).isEqualTo(1);
            assertThat(entry.since()).isEqualTo(START.plus(Duration.ofMinutes(8)));
            assertThat(entry.waitingReason()).startsWith("waiting for the slot: alice holds it");
        });
    }
}
