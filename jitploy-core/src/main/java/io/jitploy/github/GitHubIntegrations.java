package io.jitploy.github;

import io.jitploy.config.JitployConfig;
import io.jitploy.deploy.CommitGate;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.deploy.DeploymentTracker;
import io.jitploy.ledger.Release;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The GitHub gate and tracker of a deploy orchestrator that serves several applications, each with its own
 * repository and token: pass one instance as both {@link io.jitploy.deploy.DeployOrchestrator.Builder#gate} and
 * {@link io.jitploy.deploy.DeployOrchestrator.Builder#tracker}. Calls are routed by the intent's or release's
 * application to what {@link #use} registered for it.
 *
 * <ul>
 *   <li>An application without a connection gets no GitHub deployments; a deploy that asks for checks ({@code
 *       required_contexts}) is refused with a message saying to configure GitHub, unless it is forced.
 *   <li>Environments with {@code github.deployments: false} get no GitHub deployments.
 *   <li>{@link #use} keeps the existing connection while repository, API URL, credential, token and environments
 *       stay the same, so the tracker still knows the deployments it created; any change connects anew.
 * </ul>
 *
 * <p>GitHub is called on {@code executor}, never on the caller's thread, except {@link #commitTime}, which blocks.
 */
public final class GitHubIntegrations implements CommitGate, DeploymentTracker {
    /** How often pending checks are read again. */
    public static final Duration POLL_EVERY = Duration.ofSeconds(15);
    /** How long a deploy waits for pending or missing checks before it is refused. */
    public static final Duration WAIT_AT_MOST = Duration.ofMinutes(10);

    private static final Supplier<CompletableFuture<Void>> DONE = () -> CompletableFuture.completedFuture(null);

    private final Executor executor;
    private final Clock clock;
    private final Supplier<HttpClient.Builder> httpClients;
    private final Duration pollEvery;
    private final Duration waitAtMost;
    private final Map<String, ApplicationGitHub> byApplication = new ConcurrentHashMap<>();

    /**
     * Creates the router with the default polling ({@link #POLL_EVERY}, {@link #WAIT_AT_MOST}).
     *
     * @param executor where blocking GitHub calls run
     * @param clock measures how long pending checks were waited for
     * @param httpClients a fresh HTTP client builder per connection (e.g. preconfigured with a proxy)
     */
    public GitHubIntegrations(Executor executor, Clock clock, Supplier<HttpClient.Builder> httpClients) {
        this(executor, clock, httpClients, POLL_EVERY, WAIT_AT_MOST);
    }

    /** Creates the router with explicit polling of pending checks (see {@link GitHubCommitGate}). */
    public GitHubIntegrations(
            Executor executor,
            Clock clock,
            Supplier<HttpClient.Builder> httpClients,
            Duration pollEvery,
            Duration waitAtMost) {
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.httpClients = Objects.requireNonNull(httpClients, "httpClients");
        this.pollEvery = Objects.requireNonNull(pollEvery, "pollEvery");
        this.waitAtMost = Objects.requireNonNull(waitAtMost, "waitAtMost");
    }

    /**
     * Connects an application to GitHub for its next deploys, or keeps the existing connection if nothing changed.
     * No request is sent.
     *
     * @param application the application, as in {@link DeployIntent#application()}
     * @param connection repository, API URL and credential name
     * @param token the token held by that credential; kept in memory only, by the connection
     * @param config the application's configuration: which environments get deployments, which are production
     *     (the one named {@code production}, and the last stage of each promotion chain) and which transient (the
     *     pull request preview environment)
     * @throws GitHubException if the API URL is unusable
     */
    public void use(String application, GitHubConnection connection, String token, JitployConfig config)
            throws GitHubException {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(token, "token");
        ApplicationGitHub.Environments environments = ApplicationGitHub.Environments.of(config);
        try {
            // Atomic, so that two builds connecting at once keep one tracker, which knows both their deployments.
            byApplication.compute(application, (name, current) -> {
                if (current != null && current.sameAs(connection, token, environments)) {
                    return current;
                }
                try {
                    GitHubAccess access = GitHubAccess.connect(
                            connection.apiUrl(), token, connection.credentialsId(), httpClients.get());
                    return ApplicationGitHub.connect(
                            connection, token, environments, access, executor, clock, pollEvery, waitAtMost);
                } catch (GitHubException e) {
                    throw new UnusableConnection(e);
                }
            });
        } catch (UnusableConnection e) {
            throw e.failure;
        }
    }

    /** Carries a checked failure out of {@link Map#compute}. */
    private static final class UnusableConnection extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient GitHubException failure;

        UnusableConnection(GitHubException failure) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
        }
    }

    /** Disconnects an application: its deploys no longer talk to GitHub. */
    public void forget(String application) {
        byApplication.remove(application);
    }

    /** The application's connection, if {@link #use} registered one. */
    public Optional<GitHubConnection> connection(String application) {
        return Optional.ofNullable(byApplication.get(application)).map(github -> github.connection);
    }

    /**
     * When a commit was made (committer date) according to the application's repository on GitHub. Blocks on
     * network I/O.
     *
     * @return the date, or empty if the application has no connection or GitHub gives no date
     * @throws GitHubException if GitHub cannot be read or does not know the commit
     */
    public Optional<Instant> commitTime(String application, String sha) throws GitHubException {
        ApplicationGitHub github = byApplication.get(application);
        return github == null ? Optional.empty() : github.access.commitDate(github.connection.repository(), sha);
    }

    @Override
    public CompletableFuture<Verdict> check(DeployIntent intent) {
        ApplicationGitHub github = byApplication.get(intent.application());
        if (github != null) {
            return github.gate.check(intent);
        }
        String unverified = "the GitHub checks " + intent.requiredChecks().orElse(List.of())
                + " of " + intent.sha() + " cannot be verified: no GitHub connection is configured for "
                + intent.application() + ".";
        if (intent.forceChecksReason().isPresent()) {
            return CompletableFuture.completedFuture(new Verdict(
                    true,
                    true,
                    "Forced by " + intent.user() + " ("
                            + intent.forceChecksReason().get() + "): " + unverified));
        }
        return CompletableFuture.completedFuture(new Verdict(
                false,
                false,
                "Deploy blocked: " + unverified + " Configure the GitHub repository and token credential, or remove"
                        + " github.required_contexts from " + intent.environment() + "."));
    }

    @Override
    public CompletableFuture<Void> started(Release release, DeployIntent intent) {
        return trackerFor(release)
                .map(tracker -> tracker.started(release, intent))
                .orElseGet(DONE);
    }

    @Override
    public CompletableFuture<Void> succeeded(Release release, DeployIntent intent, Optional<Release> replaced) {
        return trackerFor(release)
                .map(tracker -> tracker.succeeded(release, intent, replaced))
                .orElseGet(DONE);
    }

    @Override
    public CompletableFuture<Void> failed(Release release, String reason) {
        return trackerFor(release)
                .map(tracker -> tracker.failed(release, reason))
                .orElseGet(DONE);
    }

    private Optional<GitHubDeploymentTracker> trackerFor(Release release) {
        return Optional.ofNullable(byApplication.get(release.application()))
                .filter(github -> github.environments.deployed().contains(release.environment()))
                .map(github -> github.tracker);
    }
}
