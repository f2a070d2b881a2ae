package io.jitploy.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.health.HealthResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random operation sequences, with reopens in between, against a deliberately naive model: after a final reopen
 * the ledger must agree with the model on every release, every live pointer and every history.
 */
class LedgerModelPropertyTest {
    private static final List<String> ENVS = List.of("dev", "staging", "production");
    private static final List<ReleaseResult> FINISHES = List.of(
            ReleaseResult.SUCCEEDED,
            ReleaseResult.SUCCEEDED,
            ReleaseResult.FAILED,
            ReleaseResult.ABORTED,
            ReleaseResult.SUPERSEDED);

    /** One operation; {@code pick} chooses an existing release (modulo the count). */
    record Op(int kind, int pick, int arg) {}

    static final class ModelRelease {
        final String id;
        final String env;
        final String version;
        final boolean rollback;
        final String rollbackOf;
        ReleaseResult result = ReleaseResult.QUEUED;
        boolean bad;
        boolean irreversible;
        String note;
        Boolean healthy;
        long finishOrder;

        ModelRelease(String id, String env, String version, String rollbackOf) {
            this.id = id;
            this.env = env;
            this.version = version;
            this.rollback = rollbackOf != null;
            this.rollbackOf = rollbackOf;
        }
    }

    static final class Model {
        final List<ModelRelease> releases = new ArrayList<>();
        long order;

        Optional<ModelRelease> live(String env) {
            return releases.stream()
                    .filter(r -> r.env.equals(env) && r.result == ReleaseResult.SUCCEEDED)
                    .max(Comparator.comparingLong(r -> r.finishOrder));
        }
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Op> op = Combinators.combine(
                        Arbitraries.integers().between(0, 9),
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 1000))
                .as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 60)
    void reopenedLedgerEqualsTheModel(
            @ForAll("operations") List<Op> ops, @ForAll @IntRange(min = 1, max = 25) int snapshotEvery)
            throws IOException {
        Path dir = Files.createTempDirectory("ledger-property");
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        // fsync is irrelevant to what this property checks (replay logic) and would make it slow.
        LedgerOptions options = LedgerOptions.defaults()
                .withClock(clock)
                .withSnapshotEvery(snapshotEvery)
                .withSegmentBytes(4096)
                .withoutFsync();
        Model model = new Model();
        FileReleaseLedger ledger = FileReleaseLedger.open(dir, options);
        try {
            for (Op op : ops) {
                clock.advance(Duration.ofMinutes(1));
                if (op.kind() == 9) {
                    ledger.close();
                    ledger = FileReleaseLedger.open(dir, options);
                } else {
                    apply(ledger, model, op, clock.instant());
                }
            }
            ledger.close();
            ledger = FileReleaseLedger.open(dir, options);
            assertAgrees(ledger, model);
        } finally {
            ledger.close();
            deleteRecursively(dir);
        }
    }

    private static void apply(ReleaseLedger ledger, Model model, Op op, Instant now) {
        if (op.kind() <= 1 || model.releases.isEmpty()) {
            String env = ENVS.get(op.pick() % ENVS.size());
            Optional<ModelRelease> earlier =
                    model.releases.stream().filter(m -> m.env.equals(env)).findFirst();
            boolean rollback = op.kind() == 1 && op.arg() % 3 == 0 && earlier.isPresent();
            ReleaseDraft.Builder draft = ReleaseDraft.builder("shop", env, "v" + op.arg() % 7);
            if (rollback) {
                draft.rollbackOf(earlier.get().id);
            }
            Release r = ledger.record(draft.build());
            model.releases.add(new ModelRelease(r.id(), env, r.version(), rollback ? earlier.get().id : null));
            return;
        }
        ModelRelease m = model.releases.get(op.pick() % model.releases.size());
        boolean accepted;
        switch (op.kind()) {
            case 2:
            case 3:
                accepted = m.result == ReleaseResult.QUEUED;
                if (accepted) {
                    m.result = ReleaseResult.RUNNING;
                }
                assertThat(attempt(() -> ledger.markStarted(m.id, now))).isEqualTo(accepted);
                break;
            case 4:
            case 5:
                ReleaseResult result = FINISHES.get(op.arg() % FINISHES.size());
                accepted = !m.result.isFinished();
                if (accepted) {
                    if (result == ReleaseResult.SUCCEEDED && m.rollback) {
                        model.live(m.env)
                                .filter(live -> !live.id.equals(m.rollbackOf))
                                .ifPresent(live -> live.result = ReleaseResult.ROLLED_BACK);
                    }
                    m.result = result;
                    m.finishOrder = ++model.order;
                }
                assertThat(attempt(() -> ledger.finish(m.id, result, now, null)))
                        .isEqualTo(accepted);
                break;
            case 6:
                boolean healthy = op.arg() % 2 == 0;
                m.healthy = healthy;
                if (!healthy && m.result == ReleaseResult.SUCCEEDED) {
                    m.result = ReleaseResult.FAILED;
                }
                ledger.recordHealth(m.id, new HealthResult(healthy, 1, healthy ? 200 : 500, "x", Duration.ZERO));
                break;
            case 7:
                accepted = !m.bad;
                m.bad = true;
                assertThat(attempt(() -> ledger.markBad(m.id, "reason", "ana"))).isEqualTo(accepted);
                break;
            default:
                if (op.arg() % 2 == 0) {
                    m.irreversible = true;
                    ledger.markIrreversible(m.id, "dba");
                } else {
                    m.note = op.arg() % 4 == 1 ? null : "note " + op.arg();
                    ledger.setNote(m.id, m.note);
                }
        }
    }

    private static boolean attempt(Runnable change) {
        try {
            change.run();
            return true;
        } catch (ReleaseStateException e) {
            return false;
        }
    }

    private static void assertAgrees(ReleaseLedger ledger, Model model) {
        for (ModelRelease m : model.releases) {
            Release r = ledger.byId(m.id).orElseThrow();
            assertThat(r.environment()).isEqualTo(m.env);
            assertThat(r.version()).isEqualTo(m.version);
            assertThat(r.result()).as("result of %s", m.id).isEqualTo(m.result);
            assertThat(r.isBad()).isEqualTo(m.bad);
            assertThat(r.irreversible()).isEqualTo(m.irreversible);
            assertThat(r.note()).isEqualTo(m.note);
            assertThat(r.health() == null ? null : r.health().healthy()).isEqualTo(m.healthy);
        }
        for (String env : ENVS) {
            assertThat(ledger.live("shop", env).map(Release::id))
                    .as("live in %s", env)
                    .isEqualTo(model.live(env).map(m -> m.id));
            List<String> expected = new ArrayList<>();
            model.releases.stream().filter(m -> m.env.equals(env)).forEach(m -> expected.add(0, m.id));
            List<String> actual = ledger.history("shop", env, 0, 100).items().stream()
                    .map(Release::id)
                    .toList();
            assertThat(actual).isEqualTo(expected);
        }
        assertThat(ledger.record(ReleaseDraft.builder("shop", "dev", "next").build())
                        .id())
                .isEqualTo(LedgerState.idFor(model.releases.size() + 1));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
