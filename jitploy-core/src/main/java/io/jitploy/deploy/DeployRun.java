package io.jitploy.deploy;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One deploy going through the engine, from queued to reported. Handed out by {@link DeployOrchestrator#start} and
 * {@link DeployOrchestrator#reattach}; nothing on it blocks.
 *
 * <p>Typical use by a Pipeline block step: persist {@link #id()}, show {@link #status()} while waiting, run the
 * body when {@link #started()} completes, then call {@link #complete} with the body's outcome and wait for {@link
 * #finished()}.
 */
public final class DeployRun {
    private final DeployRunId id;
    private final DeployIntent intent;
    private final CompletableFuture<DeployStart> started = new CompletableFuture<>();
    private final CompletableFuture<DeployReport> finished = new CompletableFuture<>();
    private final Supplier<String> status;
    private final RunCompletion completion;

    DeployRun(DeployRunId id, DeployIntent intent, Supplier<String> status, RunCompletion completion) {
        this.id = Objects.requireNonNull(id, "id");
        this.intent = Objects.requireNonNull(intent, "intent");
        this.status = status;
        this.completion = completion;
    }

    /** Persist this to {@link DeployOrchestrator#reattach} after a restart. */
    public DeployRunId id() {
        return id;
    }

    public String releaseId() {
        return id.releaseId();
    }

    public DeployIntent intent() {
        return intent;
    }

    /**
     * One line for the build log and {@code getStatus()}: the queue position and why it waits, or what it is
     * doing, or how it ended.
     */
    public String status() {
        return status.get();
    }

    /**
     * Completes when the slot is granted, the gate passed and the release is recorded as started; the deploy body
     * may run then. Completes exceptionally with {@link DeployNotStartedException} when the deploy never runs.
     */
    public CompletableFuture<DeployStart> started() {
        return started;
    }

    /** Completes when the result, health check and reporting are recorded and the slot is released. */
    public CompletableFuture<DeployReport> finished() {
        return finished;
    }

    /**
     * Reports the deploy body's outcome: records it, runs the health check when it succeeded, reports, and releases
     * the slot. Only the first call counts. Called before {@link #started()} completed, it cancels the queued deploy.
     *
     * @return {@link #finished()}
     */
    public CompletableFuture<DeployReport> complete(DeployOutcome outcome) {
        completion.complete(this, Objects.requireNonNull(outcome, "outcome"));
        return finished;
    }

    /** Abandons the deploy (e.g. the build was aborted), whether it waits or runs, as {@code by}. */
    public CompletableFuture<DeployReport> abort(String by) {
        return complete(DeployOutcome.aborted("aborted by " + by));
    }

    CompletableFuture<DeployStart> startedFuture() {
        return started;
    }

    CompletableFuture<DeployReport> finishedFuture() {
        return finished;
    }

    /** The orchestrator's side of {@link #complete}. */
    @FunctionalInterface
    interface RunCompletion {
        void complete(DeployRun run, DeployOutcome outcome);
    }

    @Override
    public String toString() {
        return "DeployRun[" + id + " " + intent.application() + "/" + intent.environment() + " " + intent.version()
                + "]";
    }
}
