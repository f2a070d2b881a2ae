package io.jenkins.plugins.jitploy.steps;

import io.jitploy.deploy.DeployOutcome;
import io.jitploy.deploy.DeployRun;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deploy runs of this JVM's {@code jitployDeploy} steps, by run id: where the end of a deploy's body or command
 * is reported, even before its run was re-attached after a restart. In memory only.
 */
final class LiveRuns {
    /** Live runs by run id, and body outcomes that arrived before the run was re-attached after a restart. */
    private static final Map<String, DeployRun> RUNS = new HashMap<>();

    /**
     * Bounded: an outcome reported after its run finished (a stop racing the end of the command) is never taken, and
     * a controller runs for months. Outcomes that wait for a re-attach after a restart are few.
     */
    private static final Map<String, DeployOutcome> EARLY_OUTCOMES = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DeployOutcome> eldest) {
            return size() > MAX_EARLY_OUTCOMES;
        }
    };

    static final int MAX_EARLY_OUTCOMES = 1_000;
    /** The body's own failure, rethrown unchanged (in memory only: after a restart the core's summary is used). */
    private static final Map<String, Throwable> BODY_FAILURES = new ConcurrentHashMap<>();

    private LiveRuns() {}

    /** Makes {@code run} the one that {@link #report} completes, with an outcome that was reported before. */
    static void attach(String runId, DeployRun run) {
        DeployOutcome early;
        synchronized (RUNS) {
            RUNS.put(runId, run);
            early = EARLY_OUTCOMES.remove(runId);
        }
        if (early != null) {
            run.complete(early); // the body ended while the controller was restarting
        }
    }

    /** Forgets the run object (a restart in the same JVM), keeping any outcome reported for the run id. */
    static void forget(String runId) {
        synchronized (RUNS) {
            RUNS.remove(runId);
        }
    }

    /** Forgets everything about a run that finished, or that nothing will ever re-attach. */
    static void finished(String runId) {
        synchronized (RUNS) {
            RUNS.remove(runId);
            EARLY_OUTCOMES.remove(runId);
        }
    }

    /** Completes the run with the outcome of its body or command, or keeps it until the run is attached. */
    static void report(String runId, DeployOutcome outcome) {
        DeployRun run;
        synchronized (RUNS) {
            run = RUNS.get(runId);
            if (run == null) {
                EARLY_OUTCOMES.put(runId, outcome);
                return;
            }
        }
        run.complete(outcome);
    }

    /** The failure that the step fails with, if the deploy fails, instead of the engine's summary of it. */
    static void bodyFailed(String runId, Throwable failure) {
        BODY_FAILURES.put(runId, failure);
    }

    static Throwable takeBodyFailure(String runId) {
        return BODY_FAILURES.remove(runId);
    }
}
