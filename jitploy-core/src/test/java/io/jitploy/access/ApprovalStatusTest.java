package io.jitploy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.config.Protection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalStatusTest {
    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final EnvironmentAccess PRODUCTION = EnvironmentAccess.of(
            "production", new Protection(List.of("ops"), List.of("release-managers"), List.of(), 2, List.of()));
    private static final Actor CAROL = Actor.of("carol", List.of("ops"));

    private static Approval approval(String id, int minute, String... groups) {
        return new Approval(Actor.of(id, List.of(groups)), T0.plusSeconds(60L * minute));
    }

    @Test
    void countsDistinctListedPeopleOtherThanTheRequesterAndSaysWhatIsMissing() {
        List<Approval> given = new ArrayList<>(List.of(
                approval("carol", 1, "ops"),
                approval("bob", 2, "dev"),
                approval("dave", 3, "ops"),
                approval("dave", 4, "ops")));

        ApprovalStatus status = PRODUCTION.approvals(Action.MANUAL_DEPLOY, CAROL, given);

        assertThat(status.counted()).extracting(a -> a.approver().id()).containsExactly("dave");
        assertThat(status.ignored())
                .extracting(i -> i.approval().approver().id() + ": " + i.reason())
                .containsExactly(
                        "carol: requested the deploy",
                        "bob: not in protection.deployers [ops]",
                        "dave: already approved");
        assertThat(status.missing()).isEqualTo(1);
        assertThat(status.isSatisfied()).isFalse();
        assertThat(status.describe())
                .isEqualTo("1 of 2 approvals for production (dave); 1 more needed from one of [ops], other than"
                        + " carol (who requested it) and dave. Not counted: carol (requested the deploy), bob (not in"
                        + " protection.deployers [ops]), dave (already approved).");
        assertThatThrownBy(status::orThrow).isInstanceOfSatisfying(ApprovalRequiredException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.getMessage()).contains("1 more needed").contains("Collect the approvals");
        });

        given.add(approval("erin", 5, "ops"));
        ApprovalStatus enough = PRODUCTION.approvals(Action.MANUAL_DEPLOY, CAROL, given);
        assertThat(enough.isSatisfied()).isTrue();
        assertThat(enough.orThrow().describe()).startsWith("2 of 2 approvals for production (dave, erin).");
    }

    @Test
    void promotionsTakeApprovalsFromThePromotersRollbacksAndLocksNeedNone() {
        List<Approval> given = List.of(approval("dave", 1, "ops"), approval("rita", 2, "release-managers"));

        ApprovalStatus promotion = PRODUCTION.approvals(Action.PROMOTE, CAROL, given);

        assertThat(promotion.counted()).extracting(a -> a.approver().id()).containsExactly("rita");
        assertThat(promotion.eligible()).containsExactly("release-managers");
        assertThat(promotion.missing()).isEqualTo(1);
        assertThat(PRODUCTION.approvals(Action.ROLLBACK, CAROL, List.of()).isSatisfied())
                .isTrue();
        assertThat(PRODUCTION.approvals(Action.LOCK, CAROL, List.of()).required())
                .isZero();
    }

    @Test
    void withoutAListAnyoneButTheRequesterMayApprove() {
        EnvironmentAccess open =
                EnvironmentAccess.of("staging", new Protection(List.of(), List.of(), List.of(), 1, List.of()));

        assertThat(open.approvals(Action.PUSH_DEPLOY, CAROL, List.of(approval("carol", 1)))
                        .missing())
                .isEqualTo(1);
        ApprovalStatus status = open.approvals(Action.PUSH_DEPLOY, CAROL, List.of(approval("zoe", 1)));
        assertThat(status.isSatisfied()).isTrue();
        assertThat(open.approvals(Action.PUSH_DEPLOY, CAROL, List.of()).describe())
                .contains("1 more needed from anyone allowed to approve, other than carol");
    }
}
