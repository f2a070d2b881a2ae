package io.jitploy.ledger;

import java.util.List;
import java.util.Optional;

/**
 * One page of an environment's history, newest first.
 *
 * @param items the releases on this page, newest first
 * @param nextCursor pass to {@link ReleaseLedger#history(String, String, String, int)} for the next (older) page,
 *     or null when this is the last page. Cursors stay valid while new releases are recorded, unlike page numbers.
 * @param total how many releases the environment has in all
 */
public record HistoryPage(List<Release> items, String nextCursor, int total) {
    public HistoryPage {
        items = List.copyOf(items);
    }

    public Optional<String> next() {
        return Optional.ofNullable(nextCursor);
    }
}
