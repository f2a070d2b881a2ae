package io.jitploy.ledger;

import java.time.Duration;
import java.time.Instant;

/**
 * The four DORA metrics for one environment over {@code [from, to)}; see {@code docs/ledger.md} for the exact
 * definitions. Durations are null when there was nothing to measure.
 *
 * @param from window start (inclusive)
 * @param to window end (exclusive)
 * @param deployments finished deploys in the window that ran: succeeded, failed or rolled back (aborted and
 *     superseded attempts deployed nothing and are not counted)
 * @param successfulDeployments deploys in the window that went live (succeeded or later rolled back)
 * @param deploymentsPerDay successful deployments divided by the window length in days
 * @param medianLeadTime median of commit time → finish over successful non-rollback deploys with a commit time
 * @param failedDeployments deploys in the window that failed, were later marked bad, or were rolled back
 * @param changeFailureRate failed deployments / deployments, or 0 when there were none
 * @param restores failure episodes starting in the window that a later successful deploy ended
 * @param meanTimeToRestore mean time from the first failed deploy of an episode to the next good deploy
 * @param medianTimeToRestore median of the same
 * @param unrestored failure episodes starting in the window that no good deploy has ended yet
 */
public record DoraMetrics(
        Instant from,
        Instant to,
        int deployments,
        int successfulDeployments,
        double deploymentsPerDay,
        Duration medianLeadTime,
        int failedDeployments,
        double changeFailureRate,
        int restores,
        Duration meanTimeToRestore,
        Duration medianTimeToRestore,
        int unrestored) {}
