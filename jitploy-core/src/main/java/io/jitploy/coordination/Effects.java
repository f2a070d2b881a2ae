package io.jitploy.coordination;

import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventBus;
import java.util.ArrayList;
import java.util.List;

/**
 * What an operation must do once the environment's lock is released: complete futures, publish events, retire
 * tickets. Running these outside the lock means a callback that re-enters the coordinator (release from a
 * completion stage, a listener reading the queue) can never deadlock or observe half-applied state.
 */
final class Effects {
    private final EventBus bus;
    private final List<Runnable> actions = new ArrayList<>();
    final List<QueuedDeploy> finished = new ArrayList<>();
    boolean changed;

    Effects(EventBus bus) {
        this.bus = bus;
    }

    void publish(DeployEvent event) {
        changed = true;
        actions.add(() -> bus.publish(event));
    }

    void grant(QueuedDeploy entry) {
        changed = true;
        DeploySlot slot = entry.slot;
        actions.add(() -> entry.future.complete(slot));
    }

    void fail(QueuedDeploy entry, RuntimeException failure) {
        changed = true;
        entry.state = QueuedDeploy.State.DONE;
        finished.add(entry);
        actions.add(() -> entry.future.completeExceptionally(failure));
    }

    void finish(QueuedDeploy entry) {
        changed = true;
        entry.state = QueuedDeploy.State.DONE;
        finished.add(entry);
    }

    /**
     * Runs every action even if one throws (an event bus configured to rethrow listener failures must not leave
     * a granted future uncompleted: that would be a lost wake-up); the first failure is rethrown at the end.
     */
    void run() {
        RuntimeException first = null;
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
