package io.jitploy.promotion;

import static io.jitploy.promotion.ReleaseFixture.APP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jitploy.access.AccessDecision.Outcome;
import io.jitploy.access.AccessRefusedException;
import io.jitploy.access.Actor;
import io.jitploy.access.ProtectionSource;
import io.jitploy.config.ConfigLoader;
import io.jitploy.config.JitployConfig;
import io.jitploy.ledger.FileReleaseLedger;
import io.jitploy.ledger.LedgerOptions;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotion and rollback planning enforce the target environment's protection from {@code .jitploy.yml}. */
class ProtectedPromotionTest {
    private static final String CONFIG = "version: 1\n"
            + "application: shop\n"
            + "environments:\n"
            + "  staging:\n"
            + "    branches: [main, 'feature/*']\n"
            + "    file: config/staging.enc.yaml\n"
            + "  production:\n"
            + "    promote_from: staging\n"
            + "    file: config/production.enc.yaml\n"
            + "    protection:\n"
            + "      deployers: [ops]\n"
            + "      promoters: [release-managers]\n"
            + "      branches: [main]\n";

    private static final Actor RITA = Actor.of("rita", List.of("release-managers"));
    private static final Actor OLIVER = Actor.of("oliver", List.of("ops"));

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-11-24T09:00:00Z"));
    private ReleaseLedger ledger;
    private PromotionService service;

    @BeforeEach
    void open() {
        ledger = FileReleaseLedger.open(
                dir.resolve("ledger"), LedgerOptions.defaults().withClock(clock));
        JitployConfig config = ConfigLoader.parse(CONFIG, ".jitploy.yml");
        service = PromotionService.over(ledger)
                .protection(ProtectionSource.of(app -> app.equals(APP) ? Optional.of(config) : Optional.empty()))
                .clock(clock)
                .build();
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private Release deployed(String env, String version, String ref) {
        clock.advance(Duration.ofMinutes(1));
        Release release = ledger.record(ReleaseDraft.builder(APP, env, version)
                .sha(ReleaseFixture.shaOf(version))
                .ref(ref)
                .user("alice")
                .build());
        ledger.markStarted(release.id(), clock.instant());
        return ledger.finish(release.id(), ReleaseResult.SUCCEEDED, clock.instant(), null);
    }

    @Test
    void onlyAPromoterMayPromoteAndTheRefusalSaysWhoMay() {
        Release candidate = deployed("staging", "v1", "main");

        assertThat(service.planPromotion(APP, "staging", "production", RITA)
                        .candidate()
                        .id())
                .isEqualTo(candidate.id());
        assertThat(service.planPromotion(APP, "staging", "production", RITA).requestedBy())
                .isEqualTo("rita");
        assertThatThrownBy(() -> service.planPromotion(APP, "staging", "production", OLIVER))
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                    assertThat(e.decision().outcome()).isEqualTo(Outcome.NOT_LISTED);
                    assertThat(e.getMessage())
                            .contains("oliver (groups: ops) may not promote into production")
                            .contains("protection.promoters of production lists only [release-managers]");
                });
        assertThatThrownBy(() -> service.planPromotion(APP, "staging", "production", "rita"))
                .as("by id only, rita's group is unknown")
                .isInstanceOf(AccessRefusedException.class);
    }

    @Test
    void aReleaseBuiltFromABranchProductionDoesNotAcceptIsNotPromoted() {
        deployed("staging", "v1", "main");
        deployed("staging", "v2", "feature/login");

        assertThatThrownBy(() -> service.planPromotion(APP, "staging", "production", RITA))
                .isInstanceOfSatisfying(AccessRefusedException.class, e -> {
                    assertThat(e.decision().outcome()).isEqualTo(Outcome.BRANCH_NOT_ALLOWED);
                    assertThat(e.getMessage()).contains("feature/login").contains("[main]");
                });
    }

    @Test
    void aRollbackCountsAsAPromotion() {
        deployed("production", "v1", "main");
        deployed("production", "v2", "main");

        assertThatThrownBy(() -> service.planRollback(APP, "production", Optional.empty(), false, OLIVER))
                .isInstanceOf(AccessRefusedException.class)
                .hasMessageContaining("may not roll back production");
        assertThat(service.planRollback(APP, "production", Optional.empty(), false, RITA)
                        .target()
                        .version())
                .isEqualTo("v1");
    }

    @Test
    void anUnprotectedEnvironmentAndAnUnconfiguredApplicationStayOpen() {
        deployed("qa", "v1", "feature/x");
        deployed("staging", "v0", "feature/x");
        deployed("staging", "v2", "feature/x");

        assertThat(service.planRollback(APP, "staging", Optional.empty(), false, "anyone"))
                .isNotNull();
        assertThat(service.planPromotion(APP, "qa", "staging", "anyone").to()).isEqualTo("staging");
        assertThat(PromotionService.over(ledger)
                        .build()
                        .planPromotion(APP, "staging", "production", "anyone")
                        .to())
                .isEqualTo("production");
    }
}
