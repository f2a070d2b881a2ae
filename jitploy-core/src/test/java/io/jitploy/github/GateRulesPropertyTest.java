package io.jitploy.github;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The gate's rules, checked over arbitrary mixes of reported checks and required contexts. */
class GateRulesPropertyTest {
    private static final String SHA = "6dcb09b5b578";

    @Property(tries = 500)
    void passIffEveryConsideredContextIsReportedAndGreen(
            @ForAll("reports") Map<String, CheckState> reported, @ForAll("requirements") Set<String> required) {
        GateDecision decision = CommitStatusGate.decide(SHA, required, reported);

        Set<String> considered = required.isEmpty() ? reported.keySet() : required;
        long failed = considered.stream()
                .filter(c -> reported.containsKey(c) && reported.get(c).outcome() == CheckState.Outcome.FAILED)
                .count();
        long running = considered.stream()
                .filter(c -> reported.containsKey(c) && reported.get(c).outcome() == CheckState.Outcome.RUNNING)
                .count();
        long missing = considered.stream().filter(c -> !reported.containsKey(c)).count();

        assertThat(decision.failingContexts()).hasSize((int) failed);
        assertThat(decision.pendingContexts()).hasSize((int) running);
        assertThat(decision.missingContexts()).hasSize((int) missing);
        assertThat(decision.pass()).isEqualTo(failed == 0 && running == 0 && missing == 0);
        assertThat(decision.pending()).isEqualTo(failed == 0 && !decision.pass());
        assertThat(decision.forced()).isEmpty();
        assertThat(decision.message()).contains(SHA);
        if (!required.isEmpty()) {
            // Contexts that are not required never influence the decision.
            Map<String, CheckState> onlyRequired = new TreeMap<>(reported);
            onlyRequired.keySet().retainAll(required);
            GateDecision narrowed = CommitStatusGate.decide(SHA, required, onlyRequired);
            assertThat(narrowed.pass()).isEqualTo(decision.pass());
            assertThat(narrowed.failingContexts()).isEqualTo(decision.failingContexts());
        }
    }

    @Provide
    Arbitrary<Map<String, CheckState>> reports() {
        Arbitrary<CheckState> states = Arbitraries.of(CheckState.Outcome.values())
                .map(outcome -> new CheckState(outcome, outcome.name().toLowerCase()));
        return Arbitraries.maps(contexts(), states).ofMaxSize(6).map(TreeMap::new);
    }

    @Provide
    Arbitrary<Set<String>> requirements() {
        return contexts().set().ofMaxSize(4).map(LinkedHashSet::new);
    }

    private static Arbitrary<String> contexts() {
        return Arbitraries.of("ci/build", "ci/test", "lint", "e2e", "security-scan", "deploy-preview", "docs");
    }
}
