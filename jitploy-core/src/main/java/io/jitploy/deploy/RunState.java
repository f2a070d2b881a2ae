package io.jitploy.deploy;

import io.jitploy.coordination.DeploySlot;
import io.jitploy.ledger.Release;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** The orchestrator's bookkeeping for one run. Transitions that race are guarded by the run's monitor. */
final class RunState {
    final DeployRunId id;
    final DeployIntent intent;
    final DeployRun handle;
    volatile String phase = "queued";
    volatile DeploySlot slot;
    volatile Optional<Release> previous = Optional.empty();
    volatile boolean done;
    /** Recorded as started in the ledger; from here on completing the run records its outcome. */
    volatile boolean begun;
    /** Running before a restart and waiting for its slot back: it has begun, only its slot is not here yet. */
    volatile boolean resuming;
    /** The first outcome reported while {@link #resuming} and not yet {@link #begun}; recorded once it has. */
    DeployOutcome outcomeBeforeResume;

    volatile Function<DeployIntent, CompletableFuture<DeployReport>> rollbackRunner;

    RunState(
            DeployRunId id,
            DeployIntent intent,
            Function<RunState, String> status,
            BiConsumer<RunState, DeployOutcome> completion) {
        this.id = id;
        this.intent = intent;
        this.handle =
                new DeployRun(id, intent, () -> status.apply(this), (run, outcome) -> completion.accept(this, outcome));
    }
}
