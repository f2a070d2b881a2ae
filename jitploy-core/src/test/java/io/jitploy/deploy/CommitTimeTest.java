package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CommitTimeTest {
    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private static final Instant RECORDED = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant LOGGED = Instant.parse("2026-11-02T08:00:00Z");
    private static final Instant REMOTE = Instant.parse("2026-11-03T08:00:00Z");

    private final AtomicInteger remoteCalls = new AtomicInteger();
    private final Supplier<Optional<Instant>> remote = () -> {
        remoteCalls.incrementAndGet();
        return Optional.of(REMOTE);
    };

    @Test
    void theReleaseBeingPromotedOrRolledBackKnowsBest() {
        assertThat(CommitTime.of(SHA, Optional.of(RECORDED), Map.of(SHA, LOGGED), remote))
                .contains(RECORDED);
        assertThat(remoteCalls).hasValue(0);
    }

    @Test
    void theChangeLogEntryOfTheDeployedCommitComesNext() {
        Map<String, Instant> changeLog = new LinkedHashMap<>();
        changeLog.put("0123456789abcdef0123456789abcdef01234567", REMOTE.plusSeconds(60));
        changeLog.put(SHA.toUpperCase(java.util.Locale.ROOT), LOGGED);

        assertThat(CommitTime.of(SHA, Optional.empty(), changeLog, remote)).contains(LOGGED);
        assertThat(CommitTime.of(SHA, Optional.empty(), Map.of(SHA.substring(0, 7), LOGGED), remote))
                .contains(LOGGED);
        assertThat(remoteCalls).hasValue(0);
    }

    @Test
    void theRepositoryHostIsAskedOnceWhenNobodyElseKnows() {
        Map<String, Instant> unrelated = Map.of("0123456789abcdef0123456789abcdef01234567", LOGGED, "6dcb", LOGGED);

        assertThat(CommitTime.of(SHA, Optional.empty(), unrelated, remote)).contains(REMOTE);
        assertThat(remoteCalls).hasValue(1);
        assertThat(CommitTime.of(SHA, Optional.empty(), Map.of(), Optional::empty))
                .isEmpty();
    }
}
