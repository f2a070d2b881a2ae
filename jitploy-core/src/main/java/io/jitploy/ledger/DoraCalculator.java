package io.jitploy.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Computes {@link DoraMetrics} from one environment's releases. Definitions are in docs/ledger.md. */
final class DoraCalculator {
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private DoraCalculator() {}

    static DoraMetrics compute(List<Release> releases, Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("DORA window start " + from + " must be before its end " + to + ".");
        }
        List<Release> ran = new ArrayList<>();
        for (Release r : releases) {
            if (r.finishedAt() != null && ran(r)) {
                ran.add(r);
            }
        }
        ran.sort(Comparator.comparing(Release::finishedAt).thenComparing(Release::id));

        int deployments = 0;
        int successful = 0;
        int failed = 0;
        List<Duration> leadTimes = new ArrayList<>();
        for (Release r : ran) {
            if (!inWindow(r.finishedAt(), from, to)) {
                continue;
            }
            deployments++;
            if (isFailure(r)) {
                failed++;
            }
            if (r.result() == ReleaseResult.SUCCEEDED || r.result() == ReleaseResult.ROLLED_BACK) {
                successful++;
                // A rollback redeploys an old commit; its age says nothing about how fast changes flow.
                if (r.commitTime() != null && r.trigger() != Trigger.ROLLBACK) {
                    leadTimes.add(Duration.between(r.commitTime(), r.finishedAt()));
                }
            }
        }

        List<Duration> restoreTimes = new ArrayList<>();
        int unrestored = 0;
        Instant episodeStart = null;
        for (Release r : ran) {
            if (isFailure(r)) {
                if (episodeStart == null) {
                    episodeStart = r.finishedAt();
                }
            } else if (episodeStart != null) {
                if (inWindow(episodeStart, from, to)) {
                    restoreTimes.add(Duration.between(episodeStart, r.finishedAt()));
                }
                episodeStart = null;
            }
        }
        if (episodeStart != null && inWindow(episodeStart, from, to)) {
            unrestored++;
        }

        double days = Duration.between(from, to).toMillis() / MILLIS_PER_DAY;
        return new DoraMetrics(
                from,
                to,
                deployments,
                successful,
                successful / days,
                median(leadTimes),
                failed,
                deployments == 0 ? 0.0 : (double) failed / deployments,
                restoreTimes.size(),
                mean(restoreTimes),
                median(restoreTimes),
                unrestored);
    }

    private static boolean ran(Release r) {
        return r.result() == ReleaseResult.SUCCEEDED
                || r.result() == ReleaseResult.FAILED
                || r.result() == ReleaseResult.ROLLED_BACK;
    }

    private static boolean isFailure(Release r) {
        return r.result() != ReleaseResult.SUCCEEDED || r.isBad();
    }

    private static boolean inWindow(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && at.isBefore(to);
    }

    static Duration median(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Duration> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int mid = sorted.size() / 2;
        if (sorted.size() % 2 == 1) {
            return sorted.get(mid);
        }
        return sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2);
    }

    private static Duration mean(List<Duration> values) {
        if (values.isEmpty()) {
            return null;
        }
        Duration sum = Duration.ZERO;
        for (Duration d : values) {
            sum = sum.plus(d);
        }
        return sum.dividedBy(values.size());
    }
}
