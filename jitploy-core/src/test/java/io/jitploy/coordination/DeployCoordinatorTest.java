package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.PRODUCTION;
import static io.jitploy.coordination.CoordinatorFixture.STAGING;
import static io.jitploy.coordination.CoordinatorFixture.push;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.events.EventType;
import io.jitploy.ledger.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class DeployCoordinatorTest {
    private final CoordinatorFixture f = new CoordinatorFixture();
    private final DeployCoordinator coordinator = f.coordinator;

    private CompletableFuture<DeploySlot> enqueue(DeployRequest request) {
        return coordinator.awaitSlot(coordinator.enqueue(request).id());
    }

    @Test
    void grantsOneSlotAtATimeInFifoOrder() {
        List<String> started = new ArrayList<>();
        List<CompletableFuture<DeploySlot>> futures = new ArrayList<>();
        for (int build = 1; build <= 4; build++) {
            CompletableFuture<DeploySlot> future = enqueue(push(STAGING, build, "dev" + build));
            future.thenAccept(slot -> started.add(slot.version().orElseThrow()));
            futures.add(future);
        }

        assertThat(started).containsExactly("v1");
        assertThat(coordinator.holder(STAGING)).hasValueSatisfying(h -> {
            assertThat(h.version()).isEqualTo("v1");
            assertThat(h.requestedBy()).isEqualTo("dev1");
        });
        assertThat(coordinator.queue(STAGING))
                .extracting(QueueEntry::version, QueueEntry::position)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("v2", 1),
                        org.assertj.core.groups.Tuple.tuple("v3", 2),
                        org.assertj.core.groups.Tuple.tuple("v4", 3));
        assertThat(coordinator.queue(STAGING).get(0).waitingReason())
                .isEqualTo("waiting for the slot: dev1 holds it (v1 (order 1)) since Tue 24 Nov 14:00 UTC");
        assertThat(coordinator.queue(STAGING).get(2).waitingReason()).isEqualTo("queued behind 2 earlier requests");

        for (int i = 0; i < 4; i++) {
            assertThat(futures.get(i).join().release()).isTrue();
        }
        assertThat(started).containsExactly("v1", "v2", "v3", "v4");
        assertThat(coordinator.holder(STAGING)).isEmpty();
        assertThat(f.eventsOf(EventType.STARTED)).extracting(e -> e.version()).containsExactly("v1", "v2", "v3", "v4");
        assertThat(f.eventsOf(EventType.QUEUED))
                .as("a QUEUED event's position counts the holder and everyone waiting ahead")
                .extracting(e -> e.version(), e -> e.attribute("position").orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("v1", "1"),
                        org.assertj.core.groups.Tuple.tuple("v2", "2"),
                        org.assertj.core.groups.Tuple.tuple("v3", "3"),
                        org.assertj.core.groups.Tuple.tuple("v4", "4"));
    }

    @Test
    void releaseIsIdempotentAndEnvironmentsAreIndependent() {
        DeploySlot staging = enqueue(push(STAGING, 1, "alice")).join();
        DeploySlot production = enqueue(push(PRODUCTION, 1, "bob")).join();
        CompletableFuture<DeploySlot> next = enqueue(push(STAGING, 2, "carol"));

        assertThat(staging.release()).isTrue();
        assertThat(staging.release()).isFalse();
        assertThat(staging.isReleased()).isTrue();
        DeploySlot second = next.join();
        // A second release of the first slot must not free the slot now held by carol.
        assertThat(staging.release()).isFalse();
        assertThat(coordinator.holder(STAGING).orElseThrow().ticketId()).isEqualTo(second.ticketId());
        assertThat(coordinator.holder(PRODUCTION).orElseThrow().ticketId()).isEqualTo(production.ticketId());
    }

    @Test
    void callbacksRunAfterTheLockSoTheyCanReleaseReentrantly() {
        CompletableFuture<DeploySlot> first = enqueue(push(STAGING, 1, "a"));
        List<String> order = new ArrayList<>();
        for (int build = 2; build <= 50; build++) {
            enqueue(push(STAGING, build, "a")).thenAccept(slot -> {
                order.add(slot.version().orElseThrow());
                slot.release();
            });
        }
        first.join().release();
        assertThat(order).hasSize(49).startsWith("v2", "v3").endsWith("v50");
        assertThat(coordinator.holder(STAGING)).isEmpty();
    }

    @Test
    void supersedeCancelsOlderWaitingDeploysButNotTheHolder() {
        DeploySlot running = enqueue(push(STAGING, 1, "a")).join();
        CompletableFuture<DeploySlot> v2 = enqueue(push(STAGING, 2, "b"));
        CompletableFuture<DeploySlot> hold = enqueue(DeployRequest.hold(STAGING, "qa", "manual test"));
        CompletableFuture<DeploySlot> v3 = enqueue(push(STAGING, 3, "c"));
        CompletableFuture<DeploySlot> v5 = enqueue(push(STAGING, 5, "e"));
        CompletableFuture<DeploySlot> v4 = enqueue(push(STAGING, 4, "d").withSupersede(true));

        assertThatThrownBy(v2::join)
                .hasCauseInstanceOf(SupersededException.class)
                .cause()
                .hasMessageContaining("v2")
                .hasMessageContaining("superseded by v4")
                .hasMessageContaining("queued by d");
        assertThat(((SupersededException) v3.handle((s, e) -> e).join()).newerVersion())
                .isEqualTo("v4");
        assertThat(coordinator.queue(STAGING))
                .extracting(QueueEntry::requestedBy)
                .containsExactly("qa", "e", "d");
        assertThat(f.eventsOf(EventType.SUPERSEDED))
                .extracting(e -> e.version(), e -> e.attribute("supersededBy").orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("v2", "v4"),
                        org.assertj.core.groups.Tuple.tuple("v3", "v4"));
        assertThat(running.isReleased()).isFalse();
        assertThat(hold).isNotDone();
        assertThat(v5).isNotDone();
        assertThat(v4).isNotDone();
        // A superseded ticket keeps reporting why it ended.
        assertThat(coordinator.awaitSlot(coordinator.queue(STAGING).get(0).ticketId()))
                .isSameAs(hold);
    }

    @Test
    void olderVersionIsRefusedAfterANewerSucceededButRollbackIsAllowed() {
        CompletableFuture<DeploySlot> v7 = enqueue(push(STAGING, 7, "a"));
        CompletableFuture<DeploySlot> v5 = enqueue(push(STAGING, 5, "b"));
        CompletableFuture<DeploySlot> v6Rollback =
                enqueue(DeployRequest.deploy(STAGING, "v6", 6, "oncall", Trigger.ROLLBACK));
        CompletableFuture<DeploySlot> v7Again = enqueue(push(STAGING, 7, "c"));

        assertThat(v7.join().releaseSucceeded()).isTrue();

        assertThatThrownBy(v5::join)
                .hasCauseInstanceOf(StaleVersionException.class)
                .cause()
                .hasMessageContaining("refusing to deploy v5 (order 5) to shop/staging")
                .hasMessageContaining("a newer version v7 (order 7) already succeeded")
                .hasMessageContaining("explicit rollback");
        DeploySlot rollback = v6Rollback.join();
        assertThat(rollback.version()).contains("v6");
        rollback.releaseSucceeded(); // a rollback does not lower the high-water mark
        assertThat(v7Again.join().version()).contains("v7"); // same version again is a redeploy, allowed

        CompletableFuture<DeploySlot> late = enqueue(push(STAGING, 6, "late"));
        assertThat(late).isCompletedExceptionally();
        assertThat(coordinator.queue(STAGING)).isEmpty();
    }

    @Test
    void recordSucceededAppliesToRequestsQueuedEarlier() {
        DeploySlot holder = enqueue(push(STAGING, 10, "a")).join();
        CompletableFuture<DeploySlot> v9 = enqueue(push(STAGING, 9, "b"));
        CompletableFuture<DeploySlot> unordered = enqueue(DeployRequest.deploy(STAGING, "hotfix", "c", Trigger.MANUAL));
        coordinator.recordSucceeded(STAGING, 11, "v11"); // e.g. reported by another controller path
        holder.release();

        assertThatThrownBy(v9::join).hasCauseInstanceOf(StaleVersionException.class);
        assertThat(unordered.join().version()).contains("hotfix");
    }

    @Test
    void cancelWaitingAndHoldingTicketsById() {
        Ticket first = coordinator.enqueue(push(STAGING, 1, "a"));
        Ticket second = coordinator.enqueue(push(STAGING, 2, "b"));
        Ticket third = coordinator.enqueue(push(STAGING, 3, "c"));

        assertThat(coordinator.cancel(second.id(), "carol")).isTrue();
        assertThatThrownBy(() -> coordinator.awaitSlot(second.id()).join())
                .hasCauseInstanceOf(DeployCancelledException.class)
                .cause()
                .hasMessageContaining(
                        "deploy of v2 on shop/staging (ticket " + second.id() + ") was cancelled by carol");
        assertThat(coordinator.cancel(second.id(), "carol")).isFalse();

        DeploySlot holding = coordinator.awaitSlot(first.id()).join();
        assertThat(coordinator.cancel(first.id(), "admin")).isTrue();
        assertThat(holding.isReleased()).isTrue();
        assertThat(holding.release()).isFalse();
        assertThat(coordinator.awaitSlot(third.id()).join().version()).contains("v3");
        assertThat(f.eventsOf(EventType.ABORTED)).extracting(e -> e.actor()).containsExactly("carol", "admin");

        assertThatThrownBy(() -> coordinator.awaitSlot("nope-1").join())
                .hasCauseInstanceOf(UnknownTicketException.class)
                .cause()
                .hasMessageContaining("no deploy ticket 'nope-1'");
        assertThat(coordinator.cancel("nope-1", "x")).isFalse();
    }

    @Test
    void eventsDescribeTheQueueLifecycle() {
        DeploySlot slot = enqueue(push(STAGING, 1, "alice")).join();
        slot.release();
        assertThat(f.eventTypes()).containsExactly(EventType.QUEUED, EventType.STARTED);
        assertThat(f.events.get(0).attribute("ticket")).contains(slot.ticketId());
        assertThat(f.events.get(1).actor()).isEqualTo("alice");
        assertThat(f.events.get(1).version()).isEqualTo("v1");
    }

    @Test
    void startedSaysHowLongTheDeployWaitedAndASlotIsReleasedOnce() {
        DeploySlot first = enqueue(push(STAGING, 1, "a")).join();
        CompletableFuture<DeploySlot> second = enqueue(push(STAGING, 2, "b"));
        f.clock.advance(Duration.ofMinutes(5));

        assertThat(first.releaseSucceeded()).isTrue();
        assertThat(first.releaseSucceeded())
                .as("a released slot is not released again")
                .isFalse();
        assertThat(second).isCompleted();
        assertThat(f.eventsOf(EventType.STARTED))
                .extracting(e -> e.version(), e -> e.attribute("waitedMillis").orElseThrow())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("v1", "0"),
                        org.assertj.core.groups.Tuple.tuple("v2", "300000"));
    }

    @Test
    void supersedeCancelsOnlyStrictlyOlderBuildsNotAnotherRequestForTheSameBuild() {
        enqueue(push(STAGING, 1, "a")).join();
        CompletableFuture<DeploySlot> first = enqueue(push(STAGING, 2, "b"));
        CompletableFuture<DeploySlot> again = enqueue(push(STAGING, 2, "c").withSupersede(true));

        assertThat(first).isNotDone();
        assertThat(again).isNotDone();
        assertThat(coordinator.queue(STAGING))
                .extracting(QueueEntry::requestedBy)
                .containsExactly("b", "c");
        assertThat(f.eventsOf(EventType.SUPERSEDED)).isEmpty();
    }

    @Test
    void holdTakesTheSlotSoDeploysQueueBehindIt() {
        DeploySlot hold = enqueue(DeployRequest.hold(STAGING, "qa", "exploratory testing"))
                .join();
        CompletableFuture<DeploySlot> deploy = enqueue(push(STAGING, 3, "dev"));

        assertThat(coordinator.holder(STAGING).orElseThrow().reason()).isEqualTo("exploratory testing");
        assertThat(coordinator.queue(STAGING).get(0).waitingReason())
                .startsWith("waiting for the slot: qa holds it (hold: exploratory testing)");
        f.scheduler.advance(Duration.ofHours(5));
        assertThat(deploy).isNotDone();
        hold.release();
        assertThat(deploy).isCompleted();
    }

    @Test
    void requestsAreValidated() {
        assertThatThrownBy(() -> DeployRequest.hold(STAGING, "qa", " ")).hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> EnvironmentKey.of("shop", "")).hasMessageContaining("must not be blank");
        assertThat(STAGING).hasToString("shop/staging");
    }

    @Test
    void joinsWithCompletionException() {
        CompletableFuture<DeploySlot> v1 = enqueue(push(STAGING, 1, "a"));
        coordinator.recordSucceeded(STAGING, 2);
        CompletableFuture<DeploySlot> stale = enqueue(push(STAGING, 1, "a"));
        assertThatThrownBy(stale::join)
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(StaleVersionException.class);
        assertThat(v1).isCompleted(); // granted before the newer success was recorded
    }

    @Test
    void aFailingEventListenerCannotCauseALostWakeUp() {
        // The fixture's bus rethrows listener failures; the grant must still be delivered.
        f.bus.subscribe(e -> {
            if (e.type() == EventType.QUEUED) {
                throw new IllegalStateException("listener down");
            }
        });
        assertThatThrownBy(() -> coordinator.enqueue(push(STAGING, 1, "a"))).hasMessage("listener down");

        String holder = coordinator.holder(STAGING).orElseThrow().ticketId();
        assertThat(coordinator.awaitSlot(holder)).isCompleted();
        assertThat(f.eventTypes()).containsExactly(EventType.QUEUED, EventType.STARTED);
    }

    @Test
    void finishedTicketsAreRememberedForABoundedWhile() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4_100; i++) {
            Ticket ticket = coordinator.enqueue(DeployRequest.deploy(STAGING, "v", "a", Trigger.PUSH));
            ids.add(ticket.id());
            coordinator.awaitSlot(ticket.id()).join().release();
        }
        assertThat(coordinator.awaitSlot(ids.get(ids.size() - 1)).join().isReleased())
                .isTrue();
        assertThat(coordinator.awaitSlot(ids.get(ids.size() - 4_096))).isCompleted();
        assertThatThrownBy(() -> coordinator.awaitSlot(ids.get(0)).join())
                .hasCauseInstanceOf(UnknownTicketException.class);
    }
}
