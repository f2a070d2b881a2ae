package io.jitploy.promotion;

import io.jitploy.health.HealthResult;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;

/** Writes deploy histories into a real ledger, the way the orchestrator would record them. */
final class ReleaseFixture {
    static final String APP = "shop";

    private final ReleaseLedger ledger;
    private final TestClock clock;

    ReleaseFixture(ReleaseLedger ledger, TestClock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    Release succeeded(String env, String version) {
        return deploy(env, version, ReleaseResult.SUCCEEDED, null, fingerprints("DB_URL", "fp-" + version));
    }

    Release failed(String env, String version) {
        return deploy(env, version, ReleaseResult.FAILED, null, fingerprints("DB_URL", "fp-" + version));
    }

    Release deploy(
            String env, String version, ReleaseResult result, HealthResult health, SortedMap<String, String> fps) {
        return deploy(
                ReleaseDraft.builder(APP, env, version)
                        .sha(shaOf(version))
                        .user("alice")
                        .configFingerprints(fps)
                        .build(),
                result,
                health);
    }

    Release rollbackTo(Release target) {
        return deploy(
                ReleaseDraft.builder(APP, target.environment(), target.version())
                        .sha(target.sha())
                        .user("bob")
                        .rollbackOf(target.id())
                        .configFingerprints(target.configFingerprints())
                        .build(),
                ReleaseResult.SUCCEEDED,
                null);
    }

    Release deploy(ReleaseDraft draft, ReleaseResult result, HealthResult health) {
        clock.advance(Duration.ofMinutes(1));
        Release recorded = ledger.record(draft);
        ledger.markStarted(recorded.id(), clock.instant());
        clock.advance(Duration.ofMinutes(1));
        return ledger.finish(recorded.id(), result, clock.instant(), health);
    }

    static String shaOf(String version) {
        return String.format("%040x", Math.abs((long) version.hashCode()));
    }

    static SortedMap<String, String> fingerprints(String... keysAndFingerprints) {
        SortedMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < keysAndFingerprints.length; i += 2) {
            map.put(keysAndFingerprints[i], keysAndFingerprints[i + 1]);
        }
        return map;
    }

    static HealthResult unhealthy(String reason) {
        return new HealthResult(false, 3, 503, reason, Duration.ofSeconds(4));
    }
}
