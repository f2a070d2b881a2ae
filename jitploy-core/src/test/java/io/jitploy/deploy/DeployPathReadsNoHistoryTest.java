package io.jitploy.deploy;

import static io.jitploy.deploy.Engine.APP;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.health.HealthResult;
import io.jitploy.ledger.DoraMetrics;
import io.jitploy.ledger.HistoryPage;
import io.jitploy.ledger.LastGood;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.ReleaseDraft;
import io.jitploy.ledger.ReleaseLedger;
import io.jitploy.ledger.ReleaseResult;
import io.jitploy.promotion.PromotionPlan;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "No history scan on the deploy path": a deploy, whatever its outcome, and a promotion only touch the ledger
 * through constant-time lookups and single-record writes. Every call that walks an environment's history (history
 * pages, last good release, the live matrix, DORA) is counted; only planning a rollback may make one.
 */
class DeployPathReadsNoHistoryTest {
    @TempDir
    Path dir;

    private final List<String> scans = new CopyOnWriteArrayList<>();
    private Engine engine;

    @BeforeEach
    void startEngine() throws Exception {
        engine = new Engine(dir, ledger -> new ScanRecordingLedger(ledger, scans));
    }

    @AfterEach
    void stopEngine() {
        engine.close();
    }

    private DeployReport deploy(DeployIntent intent, Deployer deployer) throws Exception {
        return engine.orchestrator.run(intent, deployer).get(30, TimeUnit.SECONDS);
    }

    @Test
    void deploysOfEveryOutcomeAndPromotionsReadNoHistory() throws Exception {
        Deployer failing = start -> CompletableFuture.completedFuture(DeployOutcome.failed("exit 1"));
        for (int v = 1; v <= 30; v++) {
            deploy(engine.push("staging", "v" + v).build(), engine.deployer);
        }
        scans.clear();

        assertThat(deploy(
                                engine.push("staging", "v31")
                                        .healthCheck(engine.health(false))
                                        .build(),
                                engine.deployer)
                        .release()
                        .result())
                .isEqualTo(ReleaseResult.SUCCEEDED);
        assertThat(deploy(engine.push("staging", "v32").build(), failing)
                        .release()
                        .result())
                .isEqualTo(ReleaseResult.FAILED);
        engine.unhealthyVersions.add("v33");
        assertThat(deploy(
                                engine.push("staging", "v33")
                                        .healthCheck(engine.health(false))
                                        .build(),
                                engine.deployer)
                        .release()
                        .result())
                .isEqualTo(ReleaseResult.FAILED);
        DeployRun holder =
                engine.orchestrator.start(engine.push("staging", "v34").build());
        holder.started().get(30, TimeUnit.SECONDS);
        DeployRun superseded =
                engine.orchestrator.start(engine.push("staging", "v35").build());
        DeployRun newest = engine.orchestrator.start(
                engine.push("staging", "v36").supersede(true).build());
        holder.complete(DeployOutcome.succeeded()).get(30, TimeUnit.SECONDS);
        assertThat(superseded.finished().get(30, TimeUnit.SECONDS).release().result())
                .isEqualTo(ReleaseResult.SUPERSEDED);
        newest.started().get(30, TimeUnit.SECONDS);
        newest.complete(DeployOutcome.succeeded()).get(30, TimeUnit.SECONDS);

        PromotionPlan plan = engine.promotions.planPromotion(APP, "staging", "production", "carol");
        assertThat(deploy(DeployIntent.forPromotion(plan).build(), engine.deployer)
                        .release()
                        .version())
                .isEqualTo("v36");

        assertThat(scans).as("history reads on the deploy path").isEmpty();
    }

    @Test
    void theRecorderSeesTheHistoryReadOfARollbackPlan() throws Exception {
        deploy(engine.push("production", "v1").build(), engine.deployer);
        engine.unhealthyVersions.add("v2");
        scans.clear();

        DeployReport failed = deploy(
                engine.push("production", "v2").healthCheck(engine.health(true)).build(), engine.deployer);
        failed.autoRollback().orElseThrow().get(30, TimeUnit.SECONDS);

        // Planning the automatic rollback looks for the last good release: that is where a walk belongs.
        assertThat(scans).isNotEmpty();
    }

    /** Passes every call through, noting the ones that read an environment's history. */
    private static final class ScanRecordingLedger implements ReleaseLedger {
        private final ReleaseLedger delegate;
        private final List<String> scans;

        ScanRecordingLedger(ReleaseLedger delegate, List<String> scans) {
            this.delegate = delegate;
            this.scans = scans;
        }

        @Override
        public Release record(ReleaseDraft draft) {
            return delegate.record(draft);
        }

        @Override
        public Release markStarted(String id, Instant at) {
            return delegate.markStarted(id, at);
        }

        @Override
        public Release finish(String id, ReleaseResult result, Instant at, HealthResult health) {
            return delegate.finish(id, result, at, health);
        }

        @Override
        public Release recordHealth(String id, HealthResult health) {
            return delegate.recordHealth(id, health);
        }

        @Override
        public Release markBad(String id, String reason, String by) {
            return delegate.markBad(id, reason, by);
        }

        @Override
        public Release markIrreversible(String id, String by) {
            return delegate.markIrreversible(id, by);
        }

        @Override
        public Release setNote(String id, String note) {
            return delegate.setNote(id, note);
        }

        @Override
        public Optional<Release> live(String application, String environment) {
            return delegate.live(application, environment);
        }

        @Override
        public Optional<Release> byId(String id) {
            return delegate.byId(id);
        }

        @Override
        public HistoryPage history(String application, String environment, int page, int size) {
            scans.add("history page " + page + " of " + environment);
            return delegate.history(application, environment, page, size);
        }

        @Override
        public HistoryPage history(String application, String environment, String cursor, int size) {
            scans.add("history after " + cursor + " of " + environment);
            return delegate.history(application, environment, cursor, size);
        }

        @Override
        public LastGood lastGoodBefore(String application, String environment, String releaseId) {
            scans.add("last good before " + releaseId);
            return delegate.lastGoodBefore(application, environment, releaseId);
        }

        @Override
        public SortedMap<String, Release> liveMatrix(String application) {
            scans.add("live matrix of " + application);
            return delegate.liveMatrix(application);
        }

        /** Not a history read: it costs the number of unfinished releases (and runs when the engine is built). */
        @Override
        public List<Release> unfinished() {
            return delegate.unfinished();
        }

        @Override
        public DoraMetrics dora(String application, String environment, Instant from, Instant to) {
            scans.add("dora of " + environment);
            return delegate.dora(application, environment, from, to);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
