package io.jitploy.coordination;

import static io.jitploy.coordination.CoordinatorFixture.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.FreezeSchedule;
import io.jitploy.events.DeployEvent;
import io.jitploy.ledger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random operation sequences: a coordinator restored from a snapshot (through the JSON codec) behaves exactly as
 * the original for every operation that follows: same queues, holders, locks, outcomes and events.
 */
class RestorePropertiesTest {
    private static final List<EnvironmentKey> KEYS =
            List.of(EnvironmentKey.of("shop", "staging"), EnvironmentKey.of("shop", "production"));
    private static final List<String> USERS = List.of("alice", "bob", "carol");
    private static final CoordinatorStateCodec CODEC = new CoordinatorStateCodec();

    /** Production is frozen for the second hour of every three, ending on the hour. */
    private static final FreezeSchedule FREEZES = now -> {
        long minute = Duration.between(START, now).toMinutes();
        long cycleStart = Math.floorDiv(minute, 180) * 180;
        long inCycle = minute - cycleStart;
        return inCycle >= 60 && inCycle < 120
                ? Optional.of(new FreezeSchedule.ActiveFreeze(
                        "release train", START.plus(Duration.ofMinutes(cycleStart + 120))))
                : Optional.empty();
    };

    sealed interface Op {}

    record Enqueue(int env, int build, int user, boolean supersede, boolean failFast, boolean rollback, boolean hold)
            implements Op {}

    record Release(int env, boolean succeeded) implements Op {}

    record Cancel(int nth, int user) implements Op {}

    record Lock(int env, int user, int expiryMinutes) implements Op {}

    record Unlock(int env, int user) implements Op {}

    record Steal(int env, int user) implements Op {}

    record Advance(int minutes) implements Op {}

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> env = Arbitraries.integers().between(0, KEYS.size() - 1);
        Arbitrary<Integer> user = Arbitraries.integers().between(0, USERS.size() - 1);
        Arbitrary<Boolean> bool = Arbitraries.of(true, false);
        Arbitrary<Op> enqueue = Combinators.combine(
                        env,
                        Arbitraries.integers().between(1, 20),
                        user,
                        Arbitraries.integers().between(0, 15))
                .as((e, b, u, flags) -> new Enqueue(
                        e,
                        b,
                        u,
                        (flags & 1) != 0,
                        (flags & 2) != 0 && (flags & 8) == 0,
                        (flags & 4) != 0,
                        flags == 15));
        Arbitrary<Op> release = Combinators.combine(env, bool).as(Release::new);
        Arbitrary<Op> cancel =
                Combinators.combine(Arbitraries.integers().between(0, 40), user).as(Cancel::new);
        Arbitrary<Op> lock =
                Combinators.combine(env, user, Arbitraries.of(0, 15, 45, 200)).as(Lock::new);
        Arbitrary<Op> unlock = Combinators.combine(env, user).as(Unlock::new);
        Arbitrary<Op> steal = Combinators.combine(env, user).as(Steal::new);
        Arbitrary<Op> advance = Arbitraries.of(1, 10, 30, 61).map(Advance::new);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, enqueue),
                        net.jqwik.api.Tuple.of(4, release),
                        net.jqwik.api.Tuple.of(1, cancel),
                        net.jqwik.api.Tuple.of(2, lock),
                        net.jqwik.api.Tuple.of(1, unlock),
                        net.jqwik.api.Tuple.of(1, steal),
                        net.jqwik.api.Tuple.of(2, advance))
                .list()
                .ofMinSize(1)
                .ofMaxSize(60);
    }

    /** One coordinator plus what the test observed of it. */
    private static final class Run {
        final CoordinatorFixture fixture;
        final List<String> ticketIds = new ArrayList<>();
        final List<String> outcomes = new ArrayList<>();

        Run(CoordinatorFixture fixture) {
            this.fixture = fixture;
        }

        DeployCoordinator coordinator() {
            return fixture.coordinator;
        }

        void apply(Op op) {
            outcomes.add(attempt(op));
        }

        private String attempt(Op op) {
            DeployCoordinator c = coordinator();
            try {
                if (op instanceof Enqueue e) {
                    EnvironmentKey key = KEYS.get(e.env());
                    String who = USERS.get(e.user());
                    DeployRequest request = e.hold()
                            ? DeployRequest.hold(key, who, "hold " + e.build())
                            : DeployRequest.deploy(
                                            key,
                                            "v" + e.build(),
                                            e.build(),
                                            who,
                                            e.rollback() ? Trigger.ROLLBACK : Trigger.PUSH)
                                    .withSupersede(e.supersede())
                                    .withFailFast(e.failFast());
                    Ticket ticket = c.enqueue(request);
                    ticketIds.add(ticket.id());
                    return "ticket " + ticket;
                } else if (op instanceof Release r) {
                    Optional<SlotHolder> holder = c.holder(KEYS.get(r.env()));
                    if (holder.isEmpty()) {
                        return "no holder";
                    }
                    DeploySlot slot = c.awaitSlot(holder.get().ticketId()).getNow(null);
                    return "released " + (r.succeeded() ? slot.releaseSucceeded() : slot.release());
                } else if (op instanceof Cancel x) {
                    return ticketIds.isEmpty()
                            ? "nothing to cancel"
                            : "cancelled " + c.cancel(ticketIds.get(x.nth() % ticketIds.size()), USERS.get(x.user()));
                } else if (op instanceof Lock l) {
                    return "locked "
                            + c.lock(
                                    KEYS.get(l.env()),
                                    "reason " + l.expiryMinutes(),
                                    USERS.get(l.user()),
                                    l.expiryMinutes() == 0
                                            ? Optional.empty()
                                            : Optional.of(fixture.clock
                                                    .instant()
                                                    .plus(Duration.ofMinutes(l.expiryMinutes()))));
                } else if (op instanceof Unlock u) {
                    return "unlocked " + c.unlock(KEYS.get(u.env()), USERS.get(u.user()));
                } else if (op instanceof Steal st) {
                    return "stole " + c.steal(KEYS.get(st.env()), USERS.get(st.user()), "urgent");
                } else {
                    fixture.scheduler.advance(Duration.ofMinutes(((Advance) op).minutes()));
                    return "advanced";
                }
            } catch (CoordinationException | IllegalArgumentException e) {
                return "refused " + e.getMessage();
            }
        }

        /** Everything visible from outside, for the tickets given. */
        String view(Set<String> tickets) {
            StringBuilder view = new StringBuilder();
            for (EnvironmentKey key : KEYS) {
                view.append(key)
                        .append(" queue=")
                        .append(coordinator().queue(key))
                        .append(" holder=")
                        .append(coordinator().holder(key))
                        .append(" lock=")
                        .append(coordinator().lockOf(key))
                        .append('\n');
            }
            for (String id : tickets) {
                CompletableFuture<DeploySlot> future = coordinator().awaitSlot(id);
                view.append(id).append(": ").append(outcome(future)).append('\n');
            }
            return view.toString();
        }

        private static String outcome(CompletableFuture<DeploySlot> future) {
            if (!future.isDone()) {
                return "waiting";
            }
            return future.handle((slot, failure) -> failure == null
                            ? "slot " + slot.grantedAt() + " released=" + slot.isReleased()
                            : failure.getClass().getSimpleName() + ": " + failure.getMessage())
                    .join();
        }
    }

    private static Run fresh() {
        CoordinatorFixture fixture = new CoordinatorFixture();
        for (EnvironmentKey key : KEYS) {
            fixture.coordinator.setFreezeSchedule(
                    key, key.environment().equals("production") ? FREEZES : FreezeSchedule.NEVER);
        }
        return new Run(fixture);
    }

    @Property(tries = 200)
    void restoredCoordinatorBehavesAsTheOriginal(
            @ForAll("operations") List<Op> ops, @ForAll @IntRange(min = 0, max = 60) int splitAt) {
        int split = Math.min(splitAt, ops.size());
        Run original = fresh();
        ops.subList(0, split).forEach(original::apply);

        CoordinatorState state = original.coordinator().snapshot();
        byte[] bytes = CODEC.encode(state);
        assertThat(CODEC.decode(bytes)).isEqualTo(state);

        CoordinatorFixture restartedFixture = new CoordinatorFixture();
        restartedFixture.clock.advance(Duration.between(START, original.fixture.clock.instant()));
        Map<EnvironmentKey, FreezeSchedule> freezes = Map.of(KEYS.get(0), FreezeSchedule.NEVER, KEYS.get(1), FREEZES);
        restartedFixture.coordinator = DeployCoordinator.restore(
                CODEC.decode(bytes), restartedFixture.clock, restartedFixture.scheduler, restartedFixture.bus, freezes);
        Run restored = new Run(restartedFixture);
        restored.ticketIds.addAll(original.ticketIds);

        // Tickets alive at the snapshot are the ones the restored coordinator is responsible for.
        Set<String> tracked = new LinkedHashSet<>();
        for (CoordinatorState.EnvironmentState env : state.environments()) {
            if (env.holder() != null) {
                tracked.add(env.holder().id());
            }
            env.waiting().forEach(t -> tracked.add(t.id()));
        }
        int eventsBefore = original.fixture.events.size();
        int ticketsBefore = original.ticketIds.size();
        assertThat(restored.view(tracked)).isEqualTo(original.view(tracked));
        assertThat(restartedFixture.events)
                .as("a restore announces nothing new")
                .isEmpty();

        for (Op op : ops.subList(split, ops.size())) {
            original.apply(op);
            restored.apply(op);
            tracked.addAll(original.ticketIds.subList(ticketsBefore, original.ticketIds.size()));
            assertThat(restored.outcomes).last().isEqualTo(original.outcomes.get(original.outcomes.size() - 1));
            assertThat(restored.view(tracked)).isEqualTo(original.view(tracked));
            assertThat(json(restored.coordinator().snapshot()))
                    .isEqualTo(json(original.coordinator().snapshot()));
        }
        List<DeployEvent> after = original.fixture.events.subList(eventsBefore, original.fixture.events.size());
        assertThat(restartedFixture.events).isEqualTo(after);
    }

    private static String json(CoordinatorState state) {
        return new String(CODEC.encode(state), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Property(tries = 100)
    void snapshotsSurviveTheCodec(@ForAll("operations") List<Op> ops) {
        Run run = fresh();
        ops.forEach(run::apply);
        CoordinatorState state = run.coordinator().snapshot();
        assertThat(CODEC.decode(CODEC.encode(state))).isEqualTo(state);
        Instant now = run.fixture.clock.instant();
        assertThat(state.environments()).allSatisfy(env -> assertThat(env.lock() == null
                        || env.lock().expiresAt() == null
                        || env.lock().expiresAt().isAfter(now))
                .as("expired locks are gone")
                .isTrue());
    }
}
