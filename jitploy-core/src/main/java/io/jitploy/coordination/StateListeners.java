package io.jitploy.coordination;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The listeners of {@link DeployCoordinator#onChange}: told about changes with a fresh snapshot, coalesced and never
 * concurrently, so the last call always reflects the latest change.
 */
final class StateListeners {
    private final List<Consumer<CoordinatorState>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean notifying = new AtomicBoolean();

    AutoCloseable add(Consumer<CoordinatorState> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> listeners.remove(listener);
    }

    /** Something changed: notify, unless another thread is notifying already, which then notifies again. */
    void changed(Supplier<CoordinatorState> snapshot) {
        if (listeners.isEmpty()) {
            return;
        }
        pending.set(true);
        // Single notifier at a time; whoever holds the role drains pending changes, so none is lost.
        while (pending.get() && notifying.compareAndSet(false, true)) {
            try {
                while (pending.getAndSet(false)) {
                    CoordinatorState state = snapshot.get();
                    for (Consumer<CoordinatorState> listener : listeners) {
                        listener.accept(state);
                    }
                }
            } finally {
                notifying.set(false);
            }
        }
    }
}
