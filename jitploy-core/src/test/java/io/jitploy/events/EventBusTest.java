package io.jitploy.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBusTest {
    private final DeployEvent event = DeployEvent.of(EventType.QUEUED, Instant.EPOCH, "app", "staging")
            .version("v1")
            .attribute("position", "1")
            .build();

    @Test
    void failingListenerDoesNotStopOthersAndIsReported() throws Exception {
        List<RuntimeException> failures = new ArrayList<>();
        EventBus bus = new EventBus(failures::add);
        List<DeployEvent> seen = new ArrayList<>();
        bus.subscribe(e -> {
            throw new IllegalStateException("boom");
        });
        AutoCloseable handle = bus.subscribe(seen::add);

        bus.publish(event);
        handle.close();
        bus.publish(event);

        assertThat(seen).containsExactly(event);
        assertThat(failures).hasSize(2).allMatch(f -> f.getMessage().equals("boom"));
        assertThat(event.attribute("position")).contains("1");
    }
}
