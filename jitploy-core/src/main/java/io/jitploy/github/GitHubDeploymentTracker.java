package io.jitploy.github;

import io.jitploy.deploy.DeployIntent;
import io.jitploy.deploy.DeploymentTracker;
import io.jitploy.ledger.Release;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The deploy orchestrator's {@link DeploymentTracker}, backed by {@link DeploymentReporter}: each release becomes a
 * GitHub Deployment whose statuses follow the deploy.
 *
 * <p>The deployment id of a release started by this tracker is remembered; for other releases (started before a
 * restart, or the release being replaced) it is looked up on GitHub by the release id in the deployment payload.
 * Calls for one release are chained, so a fast deploy's {@code success} never overtakes its {@code in_progress}. A
 * release that was marked bad gets {@code failure} with "Marked bad by …" instead of a plain failure.
 */
public final class GitHubDeploymentTracker implements DeploymentTracker {
    private final DeploymentReporter reporter;
    private final GitHubRepositoryRef repo;
    private final Executor executor;
    private final Set<String> productionEnvironments;
    private final Set<String> transientEnvironments;
    private final Map<String, CompletableFuture<Optional<GitHubDeployment>>> byRelease = new ConcurrentHashMap<>();

    /**
     * Creates the tracker for one repository.
     *
     * @param reporter talks to GitHub
     * @param repo the repository the application is built from
     * @param executor where the blocking GitHub calls run
     * @param productionEnvironments environments GitHub should flag as production
     * @param transientEnvironments environments that go away (previews), flagged transient on GitHub
     */
    public GitHubDeploymentTracker(
            DeploymentReporter reporter,
            GitHubRepositoryRef repo,
            Executor executor,
            Set<String> productionEnvironments,
            Set<String> transientEnvironments) {
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.repo = Objects.requireNonNull(repo, "repo");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.productionEnvironments = Set.copyOf(productionEnvironments);
        this.transientEnvironments = Set.copyOf(transientEnvironments);
    }

    @Override
    public CompletableFuture<Void> started(Release release, DeployIntent intent) {
        DeploymentRequest request = new DeploymentRequest(
                repo,
                intent.sha(),
                release.environment(),
                release.id(),
                release.version(),
                transientEnvironments.contains(release.environment()),
                productionEnvironments.contains(release.environment()));
        CompletableFuture<Optional<GitHubDeployment>> created = CompletableFuture.supplyAsync(
                () -> Optional.of(call(() -> reporter.start(request, uri(release.buildUrl())))), executor);
        byRelease.put(release.id(), created);
        return created.thenApply(ignored -> null);
    }

    @Override
    public CompletableFuture<Void> succeeded(Release release, DeployIntent intent, Optional<Release> replaced) {
        CompletableFuture<Void> success = deploymentOf(release)
                .thenAcceptAsync(
                        deployment -> deployment.ifPresent(d -> call(() -> {
                            reporter.succeeded(d, intent.environmentUrl(), uri(release.buildUrl()));
                            return null;
                        })),
                        executor);
        Optional<Release> previous = replaced.filter(p -> !p.id().equals(release.id()));
        if (previous.isEmpty()) {
            return success.whenComplete((ok, failure) -> byRelease.remove(release.id()));
        }
        return success.thenCompose(ignored -> deploymentOf(previous.get()))
                .thenAcceptAsync(
                        deployment -> deployment.ifPresent(d -> call(() -> {
                            reporter.replaced(d, release.id());
                            return null;
                        })),
                        executor)
                .whenComplete((ok, failure) -> byRelease.remove(release.id()));
    }

    @Override
    public CompletableFuture<Void> failed(Release release, String reason) {
        return deploymentOf(release)
                .thenAcceptAsync(
                        deployment -> deployment.ifPresent(d -> call(() -> {
                            if (release.isBad()) {
                                reporter.quarantined(
                                        d, release.bad().by(), release.bad().reason());
                            } else {
                                reporter.failed(d, uri(release.buildUrl()), reason);
                            }
                            return null;
                        })),
                        executor)
                .whenComplete((ok, failure) -> byRelease.remove(release.id()));
    }

    /** The release's deployment: the one this tracker created, else the one GitHub lists for it, else none. */
    private CompletableFuture<Optional<GitHubDeployment>> deploymentOf(Release release) {
        CompletableFuture<Optional<GitHubDeployment>> known = byRelease.get(release.id());
        if (known != null) {
            return known;
        }
        return CompletableFuture.supplyAsync(
                () -> call(() -> reporter.find(repo, release.environment(), release.id())), executor);
    }

    @FunctionalInterface
    private interface GitHubCall<T> {
        T run() throws GitHubException;
    }

    private static <T> T call(GitHubCall<T> call) {
        try {
            return call.run();
        } catch (GitHubException e) {
            throw new CompletionException(e);
        }
    }

    private static URI uri(String url) {
        return url == null ? null : URI.create(url);
    }
}
