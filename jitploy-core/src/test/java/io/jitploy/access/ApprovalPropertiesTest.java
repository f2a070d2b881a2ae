package io.jitploy.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.jitploy.config.Protection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Approval counting against a reference count of eligible people, in any order. */
class ApprovalPropertiesTest {
    private static final List<String> PEOPLE = List.of("ann", "ben", "cat", "dan", "eve", "fay");
    private static final List<String> GROUPS = List.of("ops", "dev", "release-managers");

    @Property(tries = 1000)
    void countsEachEligiblePersonOnceNeverTheRequesterWhateverTheOrder(
            @ForAll("approvals") @Size(max = 12) List<Approval> given,
            @ForAll("actors") Actor requester,
            @ForAll("names") List<String> deployers,
            @ForAll @IntRange(min = 0, max = 5) int required,
            @ForAll long seed) {
        EnvironmentAccess access = EnvironmentAccess.of(
                "production", new Protection(deployers, List.of(), List.of(), required, List.of()));

        ApprovalStatus status = access.approvals(Action.MANUAL_DEPLOY, requester, given);

        Set<String> expected = given.stream()
                .map(Approval::approver)
                .filter(a -> !a.id().equals(requester.id()))
                .filter(a -> deployers.isEmpty() || a.isNamedIn(deployers))
                .map(Actor::id)
                .collect(Collectors.toSet());
        List<String> counted =
                status.counted().stream().map(a -> a.approver().id()).toList();
        assertThat(counted).doesNotHaveDuplicates().doesNotContain(requester.id());
        assertThat(Set.copyOf(counted)).isEqualTo(expected);
        assertThat(status.counted().size() + status.ignored().size()).isEqualTo(given.size());
        assertThat(status.missing()).isEqualTo(Math.max(0, required - expected.size()));
        assertThat(status.isSatisfied()).isEqualTo(expected.size() >= required);

        List<Approval> shuffled = new ArrayList<>(given);
        Collections.shuffle(shuffled, new Random(seed));
        ApprovalStatus again = access.approvals(Action.MANUAL_DEPLOY, requester, shuffled);
        assertThat(again.counted()).isEqualTo(status.counted());
        assertThat(again.ignored()).isEqualTo(status.ignored());
    }

    @Property(tries = 300)
    void anotherApprovalNeverRaisesWhatIsMissing(
            @ForAll("approvals") @Size(max = 8) List<Approval> given,
            @ForAll("approvals") @Size(min = 1, max = 1) List<Approval> extra,
            @ForAll("actors") Actor requester,
            @ForAll("names") List<String> deployers,
            @ForAll @IntRange(min = 0, max = 5) int required) {
        EnvironmentAccess access = EnvironmentAccess.of(
                "production", new Protection(deployers, List.of(), List.of(), required, List.of()));
        List<Approval> more = new ArrayList<>(given);
        more.addAll(extra);

        assertThat(access.approvals(Action.PUSH_DEPLOY, requester, more).missing())
                .isLessThanOrEqualTo(
                        access.approvals(Action.PUSH_DEPLOY, requester, given).missing());
    }

    @Provide
    Arbitrary<Actor> actors() {
        return Combinators.combine(
                        Arbitraries.of(PEOPLE), Arbitraries.of(GROUPS).set().ofMaxSize(2))
                .as(Actor::new);
    }

    @Provide
    Arbitrary<List<Approval>> approvals() {
        Arbitrary<Instant> at = Arbitraries.longs().between(0, 3600).map(s -> Instant.parse("2026-11-24T09:00:00Z")
                .plusSeconds(s));
        return Combinators.combine(actors(), at).as(Approval::new).list();
    }

    @Provide
    Arbitrary<List<String>> names() {
        List<String> all = new ArrayList<>(PEOPLE);
        all.addAll(GROUPS);
        return Arbitraries.of(all).list().uniqueElements().ofMaxSize(3);
    }
}
