package io.jitploy.github;

import io.jitploy.deploy.CommitGate;
import io.jitploy.deploy.DeployIntent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The deploy orchestrator's {@link CommitGate}, backed by {@link CommitStatusGate}.
 *
 * <p>GitHub is read on {@code executor} (github-api blocks on network I/O), never on the caller's thread. While the
 * decision is only <em>pending</em> (checks still running or not reported yet), the gate asks again every {@code
 * pollEvery} until {@code waitAtMost} has passed, without holding a thread in between; then it refuses with the last
 * message. A force reason on the intent makes the gate pass at once, recording who forced it.
 */
public final class GitHubCommitGate implements CommitGate {
    private final CommitStatusGate gate;
    private final GitHubRepositoryRef repo;
    private final Executor executor;
    private final Clock clock;
    private final Duration pollEvery;
    private final Duration waitAtMost;

    /**
     * Creates the gate for one repository.
     *
     * @param gate reads and judges the checks
     * @param repo the repository the deployed commits belong to
     * @param executor where the blocking GitHub calls run
     * @param clock measures how long pending checks have been waited for
     * @param pollEvery how often to ask again while checks are pending
     * @param waitAtMost how long to wait for pending checks before refusing; zero refuses at once
     */
    public GitHubCommitGate(
            CommitStatusGate gate,
            GitHubRepositoryRef repo,
            Executor executor,
            Clock clock,
            Duration pollEvery,
            Duration waitAtMost) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.repo = Objects.requireNonNull(repo, "repo");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pollEvery = Objects.requireNonNull(pollEvery, "pollEvery");
        this.waitAtMost = Objects.requireNonNull(waitAtMost, "waitAtMost");
        if (pollEvery.isNegative() || pollEvery.isZero()) {
            throw new IllegalArgumentException("pollEvery must be positive");
        }
    }

    @Override
    public CompletableFuture<Verdict> check(DeployIntent intent) {
        Objects.requireNonNull(intent, "intent");
        return ask(intent, clock.instant().plus(waitAtMost));
    }

    private CompletableFuture<Verdict> ask(DeployIntent intent, Instant giveUpAt) {
        return CompletableFuture.supplyAsync(() -> decide(intent), executor).thenCompose(decision -> {
            if (!decision.pending()) {
                return CompletableFuture.completedFuture(verdict(decision, ""));
            }
            if (!clock.instant().plus(pollEvery).isBefore(giveUpAt)) {
                return CompletableFuture.completedFuture(
                        verdict(decision, " Gave up waiting after " + describe(waitAtMost) + "."));
            }
            Executor later = CompletableFuture.delayedExecutor(pollEvery.toNanos(), TimeUnit.NANOSECONDS, executor);
            return CompletableFuture.runAsync(() -> {}, later).thenCompose(ignored -> ask(intent, giveUpAt));
        });
    }

    private GateDecision decide(DeployIntent intent) {
        List<String> required = intent.requiredChecks().orElse(List.of());
        try {
            if (intent.forceChecksReason().isPresent()) {
                return gate.evaluateForced(
                        repo,
                        intent.sha(),
                        required,
                        new GateDecision.ForceOverride(
                                intent.user(), intent.forceChecksReason().get()));
            }
            return gate.evaluate(repo, intent.sha(), required);
        } catch (GitHubException e) {
            throw new CompletionException(e);
        }
    }

    private static String describe(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    private static Verdict verdict(GateDecision decision, String suffix) {
        return new Verdict(decision.pass(), decision.forced().isPresent(), decision.message() + suffix);
    }
}
