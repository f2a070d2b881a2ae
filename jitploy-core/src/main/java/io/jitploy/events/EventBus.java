package io.jitploy.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Fans events out to subscribers. A failing subscriber never stops the others or the publisher: a deploy must
 * not fail because a notification did.
 */
public final class EventBus {
    private final List<DeployEventListener> listeners = new CopyOnWriteArrayList<>();
    private final Consumer<RuntimeException> onListenerFailure;

    /** A bus that ignores listener failures; prefer {@link #EventBus(Consumer)} to log them. */
    public EventBus() {
        this(failure -> {});
    }

    public EventBus(Consumer<RuntimeException> onListenerFailure) {
        this.onListenerFailure = onListenerFailure;
    }

    /** Adds a listener; the returned handle removes it again. */
    public AutoCloseable subscribe(DeployEventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    public void publish(DeployEvent event) {
        for (DeployEventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                onListenerFailure.accept(e);
            }
        }
    }
}
