package io.jitploy.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.access.AccessDecision.Outcome;
import io.jitploy.config.Protection;
import io.jitploy.ledger.Trigger;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentAccessTest {
    private static final Protection PRODUCTION = new Protection(
            List.of("ops", "alice"), List.of("release-managers"), List.of(), 2, List.of("main", "release/*"));
    private static final EnvironmentAccess ACCESS = EnvironmentAccess.of("production", PRODUCTION);
    private static final Optional<String> MAIN = Optional.of("main");

    private static final Actor ALICE = Actor.named("alice");
    private static final Actor BOB = Actor.of("bob", List.of("dev", "authenticated"));
    private static final Actor CAROL = Actor.of("carol", List.of("ops"));
    private static final Actor DAVE = Actor.of("dave", List.of("release-managers"));

    @Test
    void aPushDeployIsDecidedByItsBranchAloneNotByWhoTriggeredIt() {
        assertThat(ACCESS.decide(BOB, Action.PUSH_DEPLOY, MAIN).outcome()).isEqualTo(Outcome.ALLOWED);
        assertThat(ACCESS.decide(BOB, Action.PUSH_DEPLOY, Optional.of("refs/heads/release/1.2"))
                        .isAllowed())
                .isTrue();

        AccessDecision feature = ACCESS.decide(ALICE, Action.PUSH_DEPLOY, Optional.of("feature/login"));

        assertThat(feature.outcome()).isEqualTo(Outcome.BRANCH_NOT_ALLOWED);
        assertThat(feature.message())
                .contains("feature/login")
                .contains("protection.branches of production allows only [main, release/*]")
                .contains("Merge it into one of those branches")
                .contains("in .jitploy.yml or in the folder's Jitploy property");
    }

    @Test
    void withABranchRestrictionAnUnknownBranchIsRefusedWithoutOneItIsFine() {
        AccessDecision unknown = ACCESS.decide(ALICE, Action.MANUAL_DEPLOY, Optional.empty());

        assertThat(unknown.outcome()).isEqualTo(Outcome.BRANCH_UNKNOWN);
        assertThat(unknown.message()).contains("[main, release/*]").contains("multibranch");
        assertThat(EnvironmentAccess.of("staging", Protection.NONE)
                        .decide(BOB, Action.MANUAL_DEPLOY, Optional.empty())
                        .isAllowed())
                .isTrue();
    }

    @Test
    void anAllowedPushSaysWhichBranchesLetItThrough() {
        assertThat(ACCESS.decide(BOB, Action.PUSH_DEPLOY, MAIN).message())
                .isEqualTo("A push may deploy to production from [main, release/*] (protection.branches).");
        assertThat(EnvironmentAccess.of("staging", Protection.NONE)
                        .decide(BOB, Action.PUSH_DEPLOY, MAIN)
                        .message())
                .isEqualTo("A push may deploy to staging (protection.branches).");
    }

    @Test
    void anUnknownBranchRefusalNamesWhatHasNoBranch() {
        assertThat(ACCESS.decide(ALICE, Action.MANUAL_DEPLOY, Optional.empty()).message())
                .contains("the branch of this deploy is not known");
        assertThat(ACCESS.decide(DAVE, Action.PROMOTE, Optional.empty()).message())
                .contains("the branch of this promoted release is not known");
    }

    @Test
    void refusalsListAtMostTenOfTheActorsGroups() {
        List<String> ten = List.of("g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9");
        List<String> eleven = new java.util.ArrayList<>(ten);
        eleven.add("g10");

        assertThat(Actor.of("erin", ten).describe()).isEqualTo("erin (groups: g0, g1, g2, g3, g4, g5, g6, g7, g8, g9)");
        assertThat(Actor.of("erin", eleven).describe())
                .isEqualTo("erin (groups: g0, g1, g10, g2, g3, g4, g5, g6, g7, g8, …)");
        assertThat(Actor.of("erin", List.of()).describe()).isEqualTo("erin");
    }

    @Test
    void aManualDeployNeedsADeployerByIdOrGroupAndAnAllowedBranch() {
        AccessDecision bob = ACCESS.decide(BOB, Action.MANUAL_DEPLOY, MAIN);

        assertThat(bob.outcome()).isEqualTo(Outcome.NOT_LISTED);
        assertThat(bob.allowed()).containsExactly("ops", "alice");
        assertThat(bob.message())
                .startsWith("bob (groups: authenticated, dev) may not deploy to production")
                .contains("protection.deployers of production lists only [ops, alice]")
                .contains("add bob (or one of their groups) to protection.deployers of production")
                .contains(".jitploy.yml or in the folder's Jitploy property");
        assertThat(ACCESS.decide(CAROL, Action.MANUAL_DEPLOY, MAIN).message())
                .isEqualTo("carol may deploy to production: listed in protection.deployers.");
        assertThat(ACCESS.decide(ALICE, Action.MANUAL_DEPLOY, Optional.of("feature/x"))
                        .outcome())
                .isEqualTo(Outcome.BRANCH_NOT_ALLOWED);
    }

    @Test
    void promotersPromoteAndRollBackDeployersDoNot() {
        assertThat(ACCESS.decide(DAVE, Action.PROMOTE, MAIN).isAllowed()).isTrue();
        assertThat(ACCESS.decide(DAVE, Action.ROLLBACK, Optional.empty()).isAllowed())
                .isTrue();

        AccessDecision alice = ACCESS.decide(ALICE, Action.PROMOTE, MAIN);
        assertThat(alice.outcome()).isEqualTo(Outcome.NOT_LISTED);
        assertThat(alice.message())
                .contains("may not promote into production")
                .contains("protection.promoters of production lists only [release-managers]");
        assertThat(ACCESS.decide(ALICE, Action.ROLLBACK, Optional.empty()).outcome())
                .isEqualTo(Outcome.NOT_LISTED);
        assertThat(ACCESS.decide(DAVE, Action.PROMOTE, Optional.of("feature/x")).outcome())
                .as("a promoted release built from a branch production does not accept")
                .isEqualTo(Outcome.BRANCH_NOT_ALLOWED);
    }

    @Test
    void emptyPromotersAndLockersFallBackToTheDeployers() {
        assertThat(ACCESS.allowedFor(Action.LOCK)).containsExactly("ops", "alice");
        assertThat(ACCESS.decide(CAROL, Action.LOCK, Optional.empty()).isAllowed())
                .isTrue();
        AccessDecision bob = ACCESS.decide(BOB, Action.UNLOCK, Optional.empty());
        assertThat(bob.outcome()).isEqualTo(Outcome.NOT_LISTED);
        assertThat(bob.message()).contains("may not unlock production: protection.deployers of production");

        EnvironmentAccess deployersOnly =
                EnvironmentAccess.of("production", new Protection(List.of("ops"), List.of(), List.of(), 0, List.of()));
        assertThat(deployersOnly.decide(BOB, Action.PROMOTE, MAIN).outcome()).isEqualTo(Outcome.NOT_LISTED);
        assertThat(deployersOnly.decide(CAROL, Action.PROMOTE, MAIN).isAllowed())
                .isTrue();
    }

    @Test
    void withoutProtectionAnyoneMayDoAnything() {
        EnvironmentAccess open = EnvironmentAccess.of("dev", Protection.NONE);
        for (Action action : Action.values()) {
            AccessDecision decision = open.decide(BOB, action, Optional.of("anything"));
            assertThat(decision.isAllowed()).as(action.name()).isTrue();
            assertThat(decision.allowed()).isEmpty();
        }
        assertThat(open.decide(BOB, Action.PROMOTE, MAIN).message()).contains("the Jenkins permission decides");
    }

    @Test
    void aRefusalThrowsATypedExceptionCarryingTheDecision() {
        assertThatThrownBy(() ->
                        ACCESS.decide(BOB, Action.of(Trigger.MANUAL), MAIN).orThrow())
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                    assertThat(e.decision().outcome()).isEqualTo(Outcome.NOT_LISTED);
                    assertThat(e.decision().action()).isEqualTo(Action.MANUAL_DEPLOY);
                    assertThat(e.getMessage()).isEqualTo(e.decision().message());
                });
        assertThat(ACCESS.decide(CAROL, Action.MANUAL_DEPLOY, MAIN).orThrow().isAllowed())
                .isTrue();
    }

    @Test
    void triggersMapToActions() {
        assertThat(Action.of(Trigger.PUSH)).isEqualTo(Action.PUSH_DEPLOY);
        assertThat(Action.of(Trigger.MANUAL)).isEqualTo(Action.MANUAL_DEPLOY);
        assertThat(Action.of(Trigger.PROMOTE)).isEqualTo(Action.PROMOTE);
        assertThat(Action.of(Trigger.ROLLBACK)).isEqualTo(Action.ROLLBACK);
    }
}
