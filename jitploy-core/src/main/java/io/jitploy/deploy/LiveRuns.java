package io.jitploy.deploy;

import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The runs the orchestrator is driving, by release id: what {@code reattach} hands out again and what {@code
 * abandonOrphans} leaves alone.
 *
 * <p>A controller runs for months, so a run is forgotten as soon as nothing can need it: its {@link
 * DeployRun#finished()} has completed and the ledger records its release finished. By then its slot or ticket is
 * released on every path, and the caller's own handle keeps working without this index (late {@code complete} and
 * {@code abort} are ignored by the run itself). A later {@code reattach} answers from the ledger. A run whose release
 * the ledger still shows unfinished (the ledger refused the write) stays, so that it is never resumed twice.
 */
final class LiveRuns {
    private final ReleaseLedger ledger;
    private final ConcurrentMap<String, RunState> byRelease = new ConcurrentHashMap<>();

    LiveRuns(ReleaseLedger ledger) {
        this.ledger = ledger;
    }

    /** Adds the run, unless another run already drives its release: that one is returned then. */
    RunState claim(RunState run) {
        RunState raced = byRelease.putIfAbsent(run.id.releaseId(), run);
        if (raced != null) {
            return raced;
        }
        run.handle.finishedFuture().whenComplete((report, failure) -> forgetIfFinished(run));
        return run;
    }

    Optional<RunState> get(String releaseId) {
        return Optional.ofNullable(byRelease.get(releaseId));
    }

    boolean contains(String releaseId) {
        return byRelease.containsKey(releaseId);
    }

    /** Takes back a claim that came to nothing (the ledger refused to record the run's end). */
    void drop(RunState run) {
        byRelease.remove(run.id.releaseId(), run);
    }

    int size() {
        return byRelease.size();
    }

    private void forgetIfFinished(RunState run) {
        boolean finished;
        try {
            finished = ledger.byId(run.id.releaseId())
                    .map(Release::result)
                    .map(ReleaseResult::isFinished)
                    .orElse(true);
        } catch (RuntimeException ledgerClosed) {
            return; // keep it: the next reattach must not resume a run whose end may not be recorded
        }
        if (finished) {
            byRelease.remove(run.id.releaseId(), run);
        }
    }
}
