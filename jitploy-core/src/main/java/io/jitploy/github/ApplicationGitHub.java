package io.jitploy.github;

import io.jitploy.config.EnvironmentSpec;
import io.jitploy.config.JitployConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One application's GitHub integration: the connection, the gate and the tracker built on it, and which of its
 * environments GitHub hears about. Kept as long as the settings stay the same, because the tracker remembers the
 * deployments it created (a new one would have to look them up on GitHub again).
 */
final class ApplicationGitHub {
    final GitHubConnection connection;
    final Environments environments;
    final GitHubAccess access;
    final GitHubCommitGate gate;
    final GitHubDeploymentTracker tracker;
    /** SHA-256 of the token: tells a changed token apart without keeping a second copy of it. */
    private final byte[] tokenDigest;

    private ApplicationGitHub(
            GitHubConnection connection,
            Environments environments,
            byte[] tokenDigest,
            GitHubAccess access,
            GitHubCommitGate gate,
            GitHubDeploymentTracker tracker) {
        this.connection = connection;
        this.environments = environments;
        this.tokenDigest = tokenDigest;
        this.access = access;
        this.gate = gate;
        this.tracker = tracker;
    }

    static ApplicationGitHub connect(
            GitHubConnection connection,
            String token,
            Environments environments,
            GitHubAccess access,
            Executor executor,
            Clock clock,
            Duration pollEvery,
            Duration waitAtMost) {
        GitHubRepositoryRef repo = connection.repository();
        return new ApplicationGitHub(
                connection,
                environments,
                digest(token),
                access,
                new GitHubCommitGate(new CommitStatusGate(access), repo, executor, clock, pollEvery, waitAtMost),
                new GitHubDeploymentTracker(
                        new DeploymentReporter(access),
                        repo,
                        executor,
                        environments.production(),
                        environments.transientOnes()));
    }

    boolean sameAs(GitHubConnection otherConnection, String token, Environments otherEnvironments) {
        return connection.equals(otherConnection)
                && environments.equals(otherEnvironments)
                && MessageDigest.isEqual(tokenDigest, digest(token));
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /**
     * How GitHub sees an application's environments.
     *
     * @param deployed environments whose deploys become GitHub Deployments ({@code github.deployments}, on by
     *     default)
     * @param production environments flagged {@code production_environment}: the one named {@code production}
     *     (GitHub's own default) and every last stage of a promotion chain (promoted from another environment, and
     *     promoted to none)
     * @param transientOnes environments flagged {@code transient_environment}: the pull request preview environment
     */
    record Environments(Set<String> deployed, Set<String> production, Set<String> transientOnes) {
        Environments {
            deployed = Set.copyOf(deployed);
            production = Set.copyOf(production);
            transientOnes = Set.copyOf(transientOnes);
        }

        static Environments of(JitployConfig config) {
            Set<String> deployed = new LinkedHashSet<>();
            Set<String> production = new LinkedHashSet<>();
            Set<String> transientOnes = new LinkedHashSet<>();
            Set<String> promotedFrom = new LinkedHashSet<>();
            for (EnvironmentSpec environment : config.environments()) {
                environment.promoteFrom().ifPresent(promotedFrom::add);
            }
            for (EnvironmentSpec environment : config.environments()) {
                if (environment.github().deployments()) {
                    deployed.add(environment.name());
                }
                boolean lastStage = environment.promoteFrom().isPresent() && !promotedFrom.contains(environment.name());
                if (environment.name().equals("production") || lastStage) {
                    production.add(environment.name());
                }
                if (environment.pullRequests()) {
                    transientOnes.add(environment.name());
                }
            }
            return new Environments(deployed, production, transientOnes);
        }
    }
}
