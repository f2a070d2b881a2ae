package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.deploy.RebuildWatch.Kind;
import io.jitploy.deploy.RebuildWatch.Verdict;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A step waiting for a rebuild stops waiting when the rebuild will never run, and says why. */
class RebuildWatchTest {
    private final RebuildWatch watch = new RebuildWatch("the promotion from staging to production", "team/shop/main");

    @Test
    void aRebuildCancelledInTheQueueFailsTheWaitAndIsRecorded() {
        assertThat(watch.queued().kind()).isEqualTo(Kind.WAIT);

        Verdict verdict = watch.cancelled();

        assertThat(verdict.kind()).isEqualTo(Kind.FAILED);
        assertThat(verdict.recordAttempt()).isTrue();
        assertThat(verdict.message())
                .contains(
                        "team/shop/main",
                        "the promotion from staging to production",
                        "cancelled",
                        "run the step again");
    }

    @Test
    void aRebuildNowhereToBeSeenFailsOnlyAfterSeveralLooks() {
        for (int look = 1; look < RebuildWatch.LOOKS_BEFORE_VANISHED; look++) {
            assertThat(watch.nowhere().kind()).as("look %d", look).isEqualTo(Kind.WAIT);
        }
        assertThat(watch.queued().kind()).isEqualTo(Kind.WAIT); // seen again: the count starts over
        for (int look = 1; look < RebuildWatch.LOOKS_BEFORE_VANISHED; look++) {
            assertThat(watch.nowhere().kind()).isEqualTo(Kind.WAIT);
        }

        Verdict verdict = watch.nowhere();

        assertThat(verdict.kind()).isEqualTo(Kind.FAILED);
        assertThat(verdict.recordAttempt()).isTrue();
        assertThat(verdict.message()).contains("neither in the build queue nor among the job's builds");
    }

    @Test
    void aBuildDeletedWhileRunningFailsWithoutRecordingSinceItsDeployRecordedItself() {
        watch.running(12);
        for (int look = 1; look < RebuildWatch.LOOKS_BEFORE_VANISHED; look++) {
            watch.nowhere();
        }
        Verdict verdict = watch.nowhere();
        assertThat(verdict.kind()).isEqualTo(Kind.FAILED);
        assertThat(verdict.recordAttempt()).isFalse();
        assertThat(verdict.message()).contains("team/shop/main #12", "deleted");
    }

    @Test
    void anEndedBuildReturnsItsReleaseOrFailsSayingWhetherItDeployed() {
        assertThat(watch.ended(3, "SUCCESS", true, Optional.of("r0000000004")))
                .isEqualTo(new Verdict(Kind.DEPLOYED, "r0000000004", null, false));

        Verdict deployFailed = watch.ended(3, "FAILURE", false, Optional.of("r0000000004"));
        assertThat(deployFailed.kind()).isEqualTo(Kind.FAILED);
        assertThat(deployFailed.recordAttempt()).isFalse();

        Verdict neverDeployed = watch.ended(3, "ABORTED", false, Optional.empty());
        assertThat(neverDeployed.recordAttempt()).isTrue();
        assertThat(neverDeployed.message()).contains("team/shop/main #3", "ABORTED without deploying");

        assertThat(watch.jobGone().recordAttempt()).isTrue();
    }

    @Test
    void theWatchSurvivesARestartWithTheStep() throws Exception {
        watch.running(12);
        watch.nowhere();

        RebuildWatch restored = roundTrip(watch);

        assertThat(restored.buildNumber()).hasValue(12);
        restored.nowhere();
        assertThat(restored.nowhere().kind())
                .as("the look before the restart counts")
                .isEqualTo(Kind.FAILED);
    }

    private static RebuildWatch roundTrip(RebuildWatch watch) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(watch);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (RebuildWatch) in.readObject();
        }
    }
}
