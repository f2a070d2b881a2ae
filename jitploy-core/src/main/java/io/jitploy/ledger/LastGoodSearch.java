package io.jitploy.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/** The walk behind {@link ReleaseLedger#lastGoodBefore}: back through one environment's history from a release. */
final class LastGoodSearch {
    private LastGoodSearch() {}

    /**
     * @param from the release to roll back from
     * @param position its index in the environment's history (creation order)
     * @param releaseAt the release at an earlier index
     */
    static LastGood walkBack(Release from, int position, IntFunction<Release> releaseAt) {
        List<SkippedRelease> skipped = new ArrayList<>();
        List<Release> fences = new ArrayList<>();
        // The starting release's own migration has run: leaving it crosses its fence.
        if (from.irreversible()) {
            fences.add(from);
        }
        for (int i = position - 1; i >= 0; i--) {
            Release candidate = releaseAt.apply(i);
            SkippedRelease.Reason reason = skipReason(candidate, from);
            if (reason == null) {
                return new LastGood(candidate, skipped, fences);
            }
            skipped.add(new SkippedRelease(candidate, reason));
            if (candidate.irreversible()) {
                fences.add(candidate);
            }
        }
        return new LastGood(null, skipped, fences);
    }

    private static SkippedRelease.Reason skipReason(Release candidate, Release from) {
        if (candidate.isBad()) {
            return SkippedRelease.Reason.MARKED_BAD;
        }
        switch (candidate.result()) {
            case SUCCEEDED:
                break;
            case FAILED:
                return SkippedRelease.Reason.FAILED;
            case ABORTED:
                return SkippedRelease.Reason.ABORTED;
            case SUPERSEDED:
                return SkippedRelease.Reason.SUPERSEDED;
            case ROLLED_BACK:
                return SkippedRelease.Reason.ROLLED_BACK;
            default:
                return SkippedRelease.Reason.NOT_FINISHED;
        }
        boolean sameVersion = candidate.version().equals(from.version()) && Objects.equals(candidate.sha(), from.sha());
        return sameVersion ? SkippedRelease.Reason.SAME_VERSION : null;
    }
}
