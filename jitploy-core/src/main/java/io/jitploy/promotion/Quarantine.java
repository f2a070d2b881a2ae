package io.jitploy.promotion;

import io.jitploy.events.DeployEvent;
import io.jitploy.events.EventBus;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.UnknownReleaseException;
import java.time.Clock;
import java.util.function.Consumer;

/** Marks releases bad: recorded in the ledger, announced as an event, reported outside (GitHub). */
final class Quarantine {
    private final ReleaseLedger ledger;
    private final EventBus events;
    private final BadReleaseReporter reporter;
    private final Consumer<Throwable> onReportFailure;
    private final Clock clock;

    Quarantine(
            ReleaseLedger ledger,
            EventBus events,
            BadReleaseReporter reporter,
            Consumer<Throwable> onReportFailure,
            Clock clock) {
        this.ledger = ledger;
        this.events = events;
        this.reporter = reporter;
        this.onReportFailure = onReportFailure;
        this.clock = clock;
    }

    Release markBad(String releaseId, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("Say why release " + releaseId + " is bad: the reason is shown to"
                    + " everyone who would promote or roll back to it.");
        }
        Release release = ledger.byId(releaseId).orElseThrow(() -> new UnknownReleaseException(releaseId));
        if (release.isBad()) {
            // Marking twice keeps the first mark: who found the problem first is the useful fact.
            return release;
        }
        Release marked = ledger.markBad(releaseId, reason, actor);
        events.publish(DeployEvent.of(EventType.MARKED_BAD, clock.instant(), marked.application(), marked.environment())
                .release(marked.id())
                .version(marked.version())
                .actor(actor)
                .detail(reason)
                .attribute("sha", marked.sha())
                .build());
        try {
            reporter.reportBad(marked, reason).whenComplete((ok, failure) -> {
                if (failure != null) {
                    onReportFailure.accept(failure);
                }
            });
        } catch (RuntimeException e) {
            onReportFailure.accept(e);
        }
        return marked;
    }
}
