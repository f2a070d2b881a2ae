package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import io.jitploy.ledger.UnknownReleaseException;
import io.jitploy.promotion.PromotionPlan;
import io.jitploy.promotion.RollbackPlan;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A promotion or rollback whose rebuild never deployed (cancelled in the queue, vanished) is recorded, aborted. */
class RebuildNotRunTest {
    private static final String CANCELLED = "The build of shop/main for the promotion from staging to production was"
            + " cancelled in the build queue before it started";

    @TempDir
    Path dir;

    private Engine engine;

    @BeforeEach
    void startEngine() throws Exception {
        engine = new Engine(dir);
    }

    @AfterEach
    void stopEngine() {
        engine.close();
    }

    private Release deploy(DeployIntent intent) throws Exception {
        return engine.orchestrator
                .run(intent, engine.deployer)
                .get(30, TimeUnit.SECONDS)
                .release();
    }

    @Test
    void aPromotionWhoseRebuildWasCancelledIsRecordedAbortedAndChangesNothingLive() throws Exception {
        Release live = deploy(engine.push("production", "v1").build());
        Release candidate = deploy(engine.push("staging", "v2").build());
        PromotionPlan plan = engine.promotions.planPromotion(APP, "staging", "production", "carol");

        Release attempt = engine.orchestrator.recordRebuildNotRun(
                new RebuildAttempt(plan.candidate().id(), "production", Trigger.PROMOTE, "carol"), CANCELLED);

        assertThat(attempt.result()).isEqualTo(ReleaseResult.ABORTED);
        assertThat(attempt.environment()).isEqualTo("production");
        assertThat(attempt.version()).isEqualTo("v2");
        assertThat(attempt.sha()).isEqualTo(candidate.sha());
        assertThat(attempt.trigger()).isEqualTo(Trigger.PROMOTE);
        assertThat(attempt.promotedFrom()).isEqualTo(candidate.id());
        assertThat(attempt.user()).isEqualTo("carol");
        assertThat(attempt.note()).isEqualTo(CANCELLED);
        assertThat(engine.events)
                .filteredOn(e -> e.type() == EventType.ABORTED)
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.environment()).isEqualTo("production");
                    assertThat(e.detail()).isEqualTo(CANCELLED);
                });
        assertThat(engine.coordinator.queue(io.jitploy.coordination.EnvironmentKey.of(APP, "production")))
                .isEmpty();

        engine.restart(); // the record is on disk, and the promotion can simply be asked again
        assertThat(engine.ledger.byId(attempt.id()).map(Release::result)).contains(ReleaseResult.ABORTED);
        assertThat(engine.ledger.live(APP, "production").map(Release::id)).contains(live.id());
        assertThat(engine.promotions
                        .planPromotion(APP, "staging", "production", "carol")
                        .candidate()
                        .id())
                .isEqualTo(candidate.id());
    }

    @Test
    void aRollbackWhoseRebuildVanishedIsRecordedForTheSystemAndIsNoRollbackTarget() throws Exception {
        Release v1 = deploy(engine.push("production", "v1").build());
        deploy(engine.push("production", "v2").build());
        RollbackPlan plan = engine.promotions.planRollback(APP, "production", Optional.empty(), false, "bob");

        Release attempt = engine.orchestrator.recordRebuildNotRun(
                new RebuildAttempt(plan.target().id(), "production", Trigger.ROLLBACK, null), "vanished");

        assertThat(attempt.trigger()).isEqualTo(Trigger.ROLLBACK);
        assertThat(attempt.rollbackOf()).isEqualTo(v1.id());
        assertThat(attempt.user()).isEqualTo("jenkins");
        assertThat(engine.ledger.live(APP, "production").map(Release::version)).contains("v2");
        RollbackPlan again = engine.promotions.planRollback(APP, "production", Optional.empty(), false, "bob");
        assertThat(again.target().id()).isEqualTo(v1.id());
    }

    @Test
    void anUnknownSourceReleaseIsRefused() {
        assertThatThrownBy(() -> engine.orchestrator.recordRebuildNotRun(
                        new RebuildAttempt("r0000000099", "production", Trigger.PROMOTE, "carol"), "gone"))
                .isInstanceOf(UnknownReleaseException.class);
        assertThatThrownBy(() -> new RebuildAttempt("r0000000001", "production", Trigger.PUSH, "carol"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
