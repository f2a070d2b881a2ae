package io.jitploy.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * All freeze windows of one environment as a single schedule. When windows overlap or touch, the freeze lasts
 * until the latest of their ends, so held deploys do not slip out between two back-to-back freezes.
 *
 * @param windows the windows, in declaration order
 */
public record FreezeCalendar(List<FreezeWindow> windows) implements FreezeSchedule {
    /**
     * Bounds the chaining of overlapping windows, so a schedule that is frozen for ever (or for weeks of back-to-back
     * windows) answers quickly. Reporting an earlier end is safe: held deploys wake at that end, ask again, and are
     * held again.
     */
    private static final int MAX_CHAINED = 100;

    public FreezeCalendar {
        windows = List.copyOf(Objects.requireNonNull(windows, "windows"));
    }

    @Override
    public Optional<ActiveFreeze> activeAt(Instant now) {
        List<String> reasons = new ArrayList<>();
        Instant end = null;
        for (FreezeWindow window : windows) {
            Optional<ActiveFreeze> active = window.activeAt(now);
            if (active.isPresent()) {
                reasons.add(active.get().reason());
                end = end == null || active.get().endsAt().isAfter(end)
                        ? active.get().endsAt()
                        : end;
            }
        }
        if (end == null) {
            return Optional.empty();
        }
        for (int i = 0; i < MAX_CHAINED; i++) {
            Instant extended = end;
            for (FreezeWindow window : windows) {
                Optional<ActiveFreeze> next = window.activeAt(end);
                if (next.isPresent() && next.get().endsAt().isAfter(extended)) {
                    extended = next.get().endsAt();
                }
            }
            if (extended.equals(end)) {
                break;
            }
            end = extended;
        }
        return Optional.of(new ActiveFreeze(String.join("; ", reasons), end));
    }

    /** The earliest start of any window strictly after {@code after}, or empty if none ever starts. */
    public Optional<Instant> nextStart(Instant after) {
        return windows.stream()
                .map(window -> window.nextStart(after))
                .flatMap(Optional::stream)
                .min(Comparator.naturalOrder());
    }
}
