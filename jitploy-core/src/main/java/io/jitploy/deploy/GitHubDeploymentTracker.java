package io.jitploy.deploy;

import io.jitploy.github.DeploymentReporter;
import io.jitploy.github.DeploymentRequest;
import io.jitploy.github.GitHubDeployment;
import io.jitploy.github.GitHubException;
import io.jitploy.github.GitHubRepositoryRef;
import io.jitploy.ledger.Release;
import io.jitploy.promotion.BadReleaseReporter;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Predicate;

/**
 * Mirrors releases as GitHub Deployments: created and {@code in_progress} when the deploy starts, then
 * {@code success} with the environment URL (the replaced release's deployment becomes {@code inactive}) or
 * {@code failure}; a release marked bad gets {@code failure} too. GitHub calls block, so they run on the executor.
 *
 * <p>Deployment ids are remembered per release; after a restart they are found again through the release id that
 * Jitploy stores in each deployment's payload. A release that never had a GitHub deployment is left alone.
 */
public final class GitHubDeploymentTracker implements DeploymentTracker, BadReleaseReporter {
    private final DeploymentReporter reporter;
    private final GitHubRepositoryRef repo;
    private final Executor executor;
    private final Predicate<String> productionEnvironment;
    private final ConcurrentMap<String, CompletableFuture<GitHubDeployment>> deployments = new ConcurrentHashMap<>();

    /**
     * @param productionEnvironment which environment names GitHub should treat as production
     */
    public GitHubDeploymentTracker(
            DeploymentReporter reporter,
            GitHubRepositoryRef repo,
            Executor executor,
            Predicate<String> productionEnvironment) {
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.repo = Objects.requireNonNull(repo, "repo");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.productionEnvironment = Objects.requireNonNull(productionEnvironment, "productionEnvironment");
    }

    @Override
    public CompletableFuture<Void> started(Release release, DeployIntent intent) {
        DeploymentRequest request = new DeploymentRequest(
                repo,
                intent.sha(),
                release.environment(),
                release.id(),
                release.version(),
                false,
                productionEnvironment.test(release.environment()));
        CompletableFuture<GitHubDeployment> created = call(() -> reporter.start(request, uri(release.buildUrl())));
        // Later statuses of this release wait for the deployment to exist: a quick deploy must not race it.
        deployments.put(release.id(), created);
        return created.thenApply(deployment -> null);
    }

    @Override
    public CompletableFuture<Void> succeeded(Release release, DeployIntent intent, Optional<Release> replaced) {
        CompletableFuture<Void> success = deployment(release)
                .thenCompose(deployment -> run(deployment, d -> {
                    reporter.succeeded(d, intent.environmentUrl(), uri(release.buildUrl()));
                }));
        if (replaced.isEmpty()) {
            return success;
        }
        CompletableFuture<Void> inactive = deployment(replaced.get())
                .thenCompose(previous -> run(previous, d -> reporter.replaced(d, release.id())));
        return CompletableFuture.allOf(success, inactive);
    }

    @Override
    public CompletableFuture<Void> failed(Release release, String reason) {
        return deployment(release)
                .thenCompose(deployment -> run(deployment, d -> reporter.failed(d, uri(release.buildUrl()), reason)));
    }

    @Override
    public CompletableFuture<Void> reportBad(Release release, String reason) {
        String by = release.bad() != null ? release.bad().by() : "unknown";
        return deployment(release).thenCompose(deployment -> run(deployment, d -> reporter.quarantined(d, by, reason)));
    }

    /** The release's deployment: the one being created, one created earlier, or one found on GitHub. */
    private CompletableFuture<Optional<GitHubDeployment>> deployment(Release release) {
        CompletableFuture<GitHubDeployment> known = deployments.get(release.id());
        if (known != null) {
            return known.handle((deployment, failure) -> Optional.ofNullable(deployment));
        }
        return call(() -> reporter.find(repo, release.environment(), release.id()))
                .thenApply(found -> {
                    found.ifPresent(d -> deployments.putIfAbsent(release.id(), CompletableFuture.completedFuture(d)));
                    return found;
                });
    }

    private CompletableFuture<Void> run(Optional<GitHubDeployment> deployment, DeploymentCall call) {
        if (deployment.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return call(() -> {
            call.run(deployment.get());
            return null;
        });
    }

    private <T> CompletableFuture<T> call(GitHubCall<T> call) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return call.get();
                    } catch (GitHubException e) {
                        throw new CompletionException(e);
                    }
                },
                executor);
    }

    private static URI uri(String url) {
        return url == null ? null : URI.create(url);
    }

    @FunctionalInterface
    private interface GitHubCall<T> {
        T get() throws GitHubException;
    }

    @FunctionalInterface
    private interface DeploymentCall {
        void run(GitHubDeployment deployment) throws GitHubException;
    }
}
