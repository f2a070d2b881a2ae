package io.jitploy.events;

/** Receives events. Called on the publishing thread: implementations must be quick and must not block. */
@FunctionalInterface
public interface DeployEventListener {
    void onEvent(DeployEvent event);
}
