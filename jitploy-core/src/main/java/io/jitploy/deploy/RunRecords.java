package io.jitploy.deploy;

import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventBus;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** How runs leave their traces: ledger results, events and outside reports, the same way on every path. */
final class RunRecords {
    private final ReleaseLedger ledger;
    private final EventBus events;
    private final Clock clock;
    private final Consumer<Throwable> onReportFailure;

    RunRecords(ReleaseLedger ledger, EventBus events, Clock clock, Consumer<Throwable> onReportFailure) {
        this.ledger = ledger;
        this.events = events;
        this.clock = clock;
        this.onReportFailure = onReportFailure;
    }

    Release finishQuietly(RunState run, ReleaseResult result) {
        try {
            return ledger.finish(run.id.releaseId(), result, clock.instant(), null);
        } catch (RuntimeException alreadyFinished) {
            return ledger.byId(run.id.releaseId()).orElseThrow(() -> alreadyFinished);
        }
    }

    /**
     * Adds {@code why} to the release's note, so that the Releases view, and a reattach long after, can say why the
     * engine ended it. Best effort: the result is what counts, and it is recorded already.
     */
    Release explain(Release release, String why) {
        String note = release.note() == null ? why : release.note() + " " + why;
        try {
            return ledger.setNote(release.id(), note);
        } catch (RuntimeException noteNotRecorded) {
            return release;
        }
    }

    void endWithoutStart(RunState run, Release release, DeployNotStartedException why) {
        run.phase = describe(release.result()) + ": " + why.getMessage();
        run.done = true;
        run.handle.startedFuture().completeExceptionally(why);
        run.handle.finishedFuture().complete(new DeployReport(release, why.getMessage(), Optional.empty()));
    }

    void publish(EventType type, Release release, String actor, String detail) {
        publish(event(type, release, actor, detail).build());
    }

    void publish(DeployEvent event) {
        events.publish(event);
    }

    DeployEvent.Builder event(EventType type, Release release, String actor, String detail) {
        return DeployEvent.of(type, clock.instant(), release.application(), release.environment())
                .release(release.id())
                .version(release.version())
                .actor(actor)
                .detail(detail)
                .attribute("sha", release.sha())
                .attribute("trigger", release.trigger().variableValue());
    }

    /** Waits for an outside report without ever failing: GitHub being down must not fail a deploy. */
    CompletableFuture<Void> report(Supplier<CompletableFuture<Void>> reporting) {
        CompletableFuture<Void> safe;
        try {
            safe = reporting.get();
        } catch (RuntimeException e) {
            safe = CompletableFuture.failedFuture(e);
        }
        return safe.handle((ok, failure) -> {
            if (failure != null) {
                try {
                    onReportFailure.accept(unwrap(failure));
                } catch (RuntimeException | Error ignored) {
                    // A broken failure handler must not keep the run from finishing either.
                }
            }
            return null;
        });
    }

    static String describe(ReleaseResult result) {
        return result.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    static String rootMessage(Throwable failure) {
        Throwable cause = unwrap(failure);
        return cause.getMessage() != null
                ? cause.getMessage()
                : cause.getClass().getSimpleName();
    }
}
