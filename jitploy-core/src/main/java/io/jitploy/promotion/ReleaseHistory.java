package io.jitploy.promotion;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * The promotion rules' view of the release ledger. Kept this small so the rules read clearly; the adapter over
 * {@code io.jitploy.ledger.ReleaseLedger} is {@link LedgerReleaseHistory}.
 */
public interface ReleaseHistory {
    /** The release currently live in the environment, if any. */
    Optional<ReleaseSummary> live(String application, String environment);

    Optional<ReleaseSummary> byId(String releaseId);

    /** The environment's releases, newest first, read lazily page by page: rollbacks rarely look far back. */
    Stream<ReleaseSummary> newestFirst(String application, String environment);

    /** Quarantines the release in the ledger and returns it as now recorded. */
    ReleaseSummary markBad(String releaseId, String reason, String by);
}
