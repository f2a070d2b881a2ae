package io.jitploy.promotion;

import io.jitploy.ledger.ConfigDiff;
import io.jitploy.ledger.Release;
import java.util.Objects;
import java.util.Optional;

/**
 * A checked promotion, ready to be deployed.
 *
 * @param application the application
 * @param from the source environment
 * @param to the target environment
 * @param candidate the release live and healthy in {@code from}: its exact version and sha go to {@code to}
 * @param replaces what is live in {@code to} now, if anything
 * @param configDiff config key names that differ between what {@code to} runs now and what it will run: its own
 *     env file at the candidate's sha (never values). Empty when that file could not be read (see {@link
 *     TargetConfig}); the source environment's keys are never used, they belong to another file.
 * @param requestedBy who asked
 */
public record PromotionPlan(
        String application,
        String from,
        String to,
        Release candidate,
        Optional<Release> replaces,
        Optional<ConfigDiff> configDiff,
        String requestedBy) {
    public PromotionPlan {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(replaces, "replaces");
        Objects.requireNonNull(configDiff, "configDiff");
    }
}
