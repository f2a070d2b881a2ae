package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.access.AccessDecision.Outcome;
import io.jitploy.access.AccessRefusedException;
import io.jitploy.access.Actor;
import io.jitploy.access.Approval;
import io.jitploy.access.ApprovalRequiredException;
import io.jitploy.config.Protection;
import io.jitploy.events.EventType;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.ledger.Trigger;
import io.jitploy.promotion.PromotionPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The orchestrator refuses deploys that the intent's protection forbids, before recording anything. */
class ProtectedDeployTest {
    private static final Protection PRODUCTION =
            new Protection(List.of("ops"), List.of("release-managers"), List.of(), 1, List.of("main"));

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

    private DeployReport deploy(DeployIntent intent) throws Exception {
        return await(engine.orchestrator.run(intent, engine.deployer));
    }

    private static <T> T await(CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }

    private Approval approvalBy(String id, String... groups) {
        return new Approval(Actor.of(id, List.of(groups)), engine.clock.instant());
    }

    private void assertNothingRecorded() {
        assertThat(engine.ledger.history(APP, "production", 0, 10).items()).isEmpty();
        assertThat(engine.eventTypes(EventType.QUEUED)).isEmpty();
    }

    @Test
    void aManualDeployBySomeoneNotListedIsRefusedBeforeAnythingIsRecorded() {
        DeployIntent intent = engine.push("production", "v1")
                .trigger(Trigger.MANUAL)
                .user("bob")
                .userGroups(List.of("dev"))
                .protection(PRODUCTION)
                .approvals(List.of(approvalBy("oliver", "ops")))
                .build();

        assertThat(intent.access())
                .hasValueSatisfying(d -> assertThat(d.isAllowed()).isFalse());
        assertThatThrownBy(() -> engine.orchestrator.start(intent))
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                    assertThat(e.decision().outcome()).isEqualTo(Outcome.NOT_LISTED);
                    assertThat(e.getMessage()).contains("protection.deployers of production lists only [ops]");
                });
        assertNothingRecorded();
    }

    @Test
    void aVariantOfAnIntentKeepsItsProtectionAndAnIntentWithoutOneIsUnrestricted() {
        DeployIntent intent = engine.push("production", "v1")
                .trigger(Trigger.MANUAL)
                .user("bob")
                .userGroups(List.of("dev"))
                .protection(PRODUCTION)
                .approvals(List.of(approvalBy("oliver", "ops")))
                .build();

        assertThat(intent.toBuilder().build()).isEqualTo(intent);
        assertThat(intent.actor()).isEqualTo(Actor.of("bob", List.of("dev")));
        DeployIntent open = engine.push("production", "v1")
                .trigger(Trigger.MANUAL)
                .user("bob")
                .build();
        assertThat(open.protection()).isEqualTo(Protection.NONE);
        assertThat(open.access())
                .hasValueSatisfying(d -> assertThat(d.isAllowed()).isTrue());
        assertThat(open.approvalStatus().isSatisfied()).isTrue();
    }

    @Test
    void aPushFromABranchTheEnvironmentDoesNotAcceptIsRefused() {
        DeployIntent intent = engine.push("production", "v1")
                .ref("feature/login")
                .protection(PRODUCTION)
                .build();

        assertThatThrownBy(() -> engine.orchestrator.start(intent))
                .isInstanceOfSatisfying(
                        AccessRefusedException.class,
                        e -> assertThat(e.decision().outcome()).isEqualTo(Outcome.BRANCH_NOT_ALLOWED));
        assertNothingRecorded();
    }

    @Test
    void aDeployWaitsForApprovalsFromOtherListedPeopleThenRuns() throws Exception {
        DeployIntent.Builder push = engine.push("production", "v1").protection(PRODUCTION);

        assertThatThrownBy(() -> engine.orchestrator.start(push.build()))
                .isInstanceOfSatisfying(ApprovalRequiredException.class, e -> {
                    assertThat(e.status().missing()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("1 more needed from one of [ops], other than alice");
                });
        assertThatThrownBy(() -> engine.orchestrator.start(
                        push.approvals(List.of(approvalBy("alice", "ops"))).build()))
                .as("the requester's own approval")
                .isInstanceOf(ApprovalRequiredException.class);
        assertNothingRecorded();

        DeployReport report =
                deploy(push.approvals(List.of(approvalBy("oliver", "ops"))).build());

        assertThat(report.release().result()).isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(report.release().user()).isEqualTo("alice");
    }

    @Test
    void aPromotionNeedsApprovalsFromPromotersAndItsAutomaticRollbackNeedsNone() throws Exception {
        Approval rita = approvalBy("rita", "release-managers");
        deploy(engine.push("staging", "v1").build());
        PromotionPlan first = engine.promotions.planPromotion(APP, "staging", "production", "carol");
        Release good = deploy(DeployIntent.forPromotion(first)
                        .protection(PRODUCTION)
                        .approvals(List.of(rita))
                        .healthCheck(engine.health(true))
                        .build())
                .release();
        deploy(engine.push("staging", "v2").build());
        engine.unhealthyVersions.add("v2");
        PromotionPlan second = engine.promotions.planPromotion(APP, "staging", "production", "carol");
        DeployIntent.Builder promotion =
                DeployIntent.forPromotion(second).protection(PRODUCTION).healthCheck(engine.health(true));

        assertThatThrownBy(() -> engine.orchestrator.start(promotion
                        .approvals(List.of(approvalBy("oliver", "ops")))
                        .build()))
                .isInstanceOf(ApprovalRequiredException.class)
                .hasMessageContaining("protection.promoters [release-managers]");
        DeployReport failed = deploy(promotion.approvals(List.of(rita)).build());

        assertThat(failed.release().result()).isEqualTo(ReleaseResult.FAILED);
        Release restored = await(failed.autoRollback().orElseThrow()).release();
        assertThat(restored.trigger()).isEqualTo(Trigger.ROLLBACK);
        assertThat(restored.version()).isEqualTo(good.version());
        assertThat(restored.result()).isEqualTo(ReleaseResult.SUCCEEDED);
    }
}
