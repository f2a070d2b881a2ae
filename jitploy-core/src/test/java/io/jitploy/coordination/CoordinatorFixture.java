package io.jitploy.coordination;

import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventBus;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A coordinator on a manual clock and scheduler, recording every event it publishes. */
class CoordinatorFixture {
    static final Instant START = Instant.parse("2026-11-24T14:00:00Z");
    static final EnvironmentKey STAGING = EnvironmentKey.of("shop", "staging");
    static final EnvironmentKey PRODUCTION = EnvironmentKey.of("shop", "production");

    final ManualClock clock = new ManualClock(START);
    final ManualScheduler scheduler = new ManualScheduler(clock);
    final List<DeployEvent> events = new CopyOnWriteArrayList<>();
    final EventBus bus = new EventBus(e -> {
        throw e;
    });
    DeployCoordinator coordinator = new DeployCoordinator(clock, scheduler, bus);

    CoordinatorFixture() {
        bus.subscribe(events::add);
    }

    static DeployRequest push(EnvironmentKey key, int build, String by) {
        return DeployRequest.deploy(key, "v" + build, build, by, Trigger.PUSH);
    }

    List<EventType> eventTypes() {
        return events.stream().map(DeployEvent::type).toList();
    }

    List<DeployEvent> eventsOf(EventType type) {
        return events.stream().filter(e -> e.type() == type).toList();
    }
}
