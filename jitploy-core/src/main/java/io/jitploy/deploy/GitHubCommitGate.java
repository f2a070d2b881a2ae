package io.jitploy.deploy;

import io.jitploy.github.CommitStatusGate;
import io.jitploy.github.GateDecision;
import io.jitploy.github.GitHubException;
import io.jitploy.github.GitHubRepositoryRef;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * {@link CommitGate} over GitHub's commit statuses and check runs. The GitHub client blocks on HTTP, so the check
 * runs on the given executor, never on the thread that granted the slot. A forced intent records who forced it
 * (the intent's user) and why, together with what would have blocked.
 */
public final class GitHubCommitGate implements CommitGate {
    private final CommitStatusGate gate;
    private final GitHubRepositoryRef repo;
    private final Executor executor;

    public GitHubCommitGate(CommitStatusGate gate, GitHubRepositoryRef repo, Executor executor) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.repo = Objects.requireNonNull(repo, "repo");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    public CompletableFuture<Verdict> check(DeployIntent intent) {
        List<String> contexts = intent.requiredChecks().orElse(List.of());
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        GateDecision decision = intent.forceChecksReason().isPresent()
                                ? gate.evaluateForced(
                                        repo,
                                        intent.sha(),
                                        contexts,
                                        new GateDecision.ForceOverride(
                                                intent.user(),
                                                intent.forceChecksReason().get()))
                                : gate.evaluate(repo, intent.sha(), contexts);
                        return new Verdict(decision.pass(), decision.forced().isPresent(), decision.message());
                    } catch (GitHubException e) {
                        throw new CompletionException(e);
                    }
                },
                executor);
    }
}
