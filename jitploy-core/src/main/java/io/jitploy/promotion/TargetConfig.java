package io.jitploy.promotion;

import java.util.Optional;
import java.util.SortedMap;

/**
 * Config key fingerprints an environment would use at a commit. A promotion deploys the candidate's commit with
 * the <em>target</em> environment's encrypted file at that commit, so the config diff must compare the target's
 * live fingerprints with the target's file at the candidate's sha, not with the source environment's file.
 */
@FunctionalInterface
public interface TargetConfig {
    /** Unknown everywhere: plans fall back to what the ledger knows. */
    TargetConfig UNKNOWN = (application, environment, sha) -> Optional.empty();

    /** Key path to value fingerprint of {@code environment}'s env file at {@code sha}, if it can be read. */
    Optional<SortedMap<String, String>> fingerprintsAt(String application, String environment, String sha);
}
