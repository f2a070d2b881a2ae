package io.jitploy.github;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.kohsuke.github.GHCheckRun;
import org.kohsuke.github.GHCommitStatus;

/**
 * Decides whether a commit may be deployed from its commit statuses and check runs on GitHub.
 *
 * <p>GitHub has two kinds of checks: commit statuses (named by {@code context}, e.g. Jenkins' {@code
 * continuous-integration/jenkins/branch}) and check runs (named by {@code name}, e.g. GitHub Actions jobs). The gate
 * reads both: the newest status per context, as GitHub's combined status does, and the newest check run per name. A
 * required context is satisfied by either kind.
 *
 * <ul>
 *   <li>With required contexts, only those count: each must be reported and green. Unrelated failing checks do not
 *       block.
 *   <li>Without required contexts, every reported check must be green; a commit with no checks at all passes, as with
 *       GitHub's own {@code required_contexts: []}.
 *   <li>Green means status {@code success}, or a completed check run concluding {@code success}, {@code neutral} or
 *       {@code skipped}. Status {@code failure}/{@code error} and check conclusions {@code failure}, {@code
 *       cancelled}, {@code timed_out}, {@code action_required}, {@code stale} and {@code startup_failure} fail.
 * </ul>
 *
 * <p>A {@link GateDecision.ForceOverride} makes the decision pass while keeping what would have blocked; if GitHub
 * cannot be read at all, a forced decision still passes and says so.
 */
public final class CommitStatusGate {
    private static final int PAGE_SIZE = 100;

    private final GitHubAccess github;

    /**
     * Creates a gate.
     *
     * @param github the connection to read statuses and check runs through
     */
    public CommitStatusGate(GitHubAccess github) {
        this.github = Objects.requireNonNull(github, "github");
    }

    /**
     * Evaluates the commit's checks.
     *
     * @param repo the repository
     * @param sha the full commit sha to deploy
     * @param requiredContexts status contexts or check run names that must be green; empty means all reported ones
     * @return the decision; never throws for red or missing checks
     * @throws GitHubException if GitHub cannot be read (bad token, unknown repository, rate limit)
     */
    public GateDecision evaluate(GitHubRepositoryRef repo, String sha, Collection<String> requiredContexts)
            throws GitHubException {
        Objects.requireNonNull(repo, "repo");
        Objects.requireNonNull(sha, "sha");
        Map<String, CheckState> reported = read(repo, sha);
        return decide(shortSha(sha), new LinkedHashSet<>(requiredContexts), reported);
    }

    /**
     * Evaluates the commit's checks, then lets the deploy through anyway because a person said so; the decision
     * records who and why, and what would have blocked.
     *
     * @param repo the repository
     * @param sha the full commit sha to deploy
     * @param requiredContexts status contexts or check run names that must be green; empty means all reported ones
     * @param force who overrides the gate and why
     * @return a passing decision
     */
    public GateDecision evaluateForced(
            GitHubRepositoryRef repo,
            String sha,
            Collection<String> requiredContexts,
            GateDecision.ForceOverride force) {
        Objects.requireNonNull(force, "force");
        String prefix = "Forced by " + force.by() + " (" + force.reason() + "): ";
        try {
            GateDecision checked = evaluate(repo, sha, requiredContexts);
            return new GateDecision(
                    true,
                    false,
                    checked.failingContexts(),
                    checked.missingContexts(),
                    checked.pendingContexts(),
                    prefix + checked.message(),
                    Optional.of(force));
        } catch (GitHubException e) {
            return new GateDecision(
                    true,
                    false,
                    List.of(),
                    List.of(),
                    List.of(),
                    prefix + "checks were not verified because " + e.getMessage(),
                    Optional.of(force));
        }
    }

    private Map<String, CheckState> read(GitHubRepositoryRef repo, String sha) throws GitHubException {
        Map<String, CheckState> reported = new TreeMap<>();
        github.call(repo, "reading commit statuses of " + shortSha(sha), repository -> {
            // Newest first: the first status seen for a context is its current state.
            for (GHCommitStatus status : repository.listCommitStatuses(sha).withPageSize(PAGE_SIZE)) {
                reported.putIfAbsent(status.getContext(), CheckState.ofStatus(status.getState()));
            }
            return null;
        });
        Map<String, GHCheckRun> newestRuns = new TreeMap<>();
        github.call(repo, "reading check runs of " + shortSha(sha), repository -> {
            for (GHCheckRun run : repository.getCheckRuns(sha).withPageSize(PAGE_SIZE)) {
                newestRuns.merge(run.getName(), run, (a, b) -> a.getId() >= b.getId() ? a : b);
            }
            return null;
        });
        // A context reported both ways counts as its worse state.
        newestRuns.forEach((name, run) -> reported.merge(name, CheckState.ofCheckRun(run), CheckState::worse));
        return reported;
    }

    static GateDecision decide(String sha, Set<String> required, Map<String, CheckState> reported) {
        Collection<String> considered = required.isEmpty() ? reported.keySet() : required;
        List<String> failing = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String context : considered) {
            CheckState state = reported.get(context);
            if (state == null) {
                missing.add(context);
            } else if (state.outcome() == CheckState.Outcome.FAILED) {
                failing.add(context + " (" + state.detail() + ")");
            } else if (state.outcome() == CheckState.Outcome.RUNNING) {
                pending.add(context + " (" + state.detail() + ")");
            }
        }
        boolean pass = failing.isEmpty() && pending.isEmpty() && missing.isEmpty();
        boolean waiting = failing.isEmpty() && !pass;
        return new GateDecision(
                pass,
                waiting,
                failing,
                missing,
                pending,
                message(sha, required, reported, considered, failing, pending, missing),
                Optional.empty());
    }

    private static String message(
            String sha,
            Set<String> required,
            Map<String, CheckState> reported,
            Collection<String> considered,
            List<String> failing,
            List<String> pending,
            List<String> missing) {
        if (failing.isEmpty() && pending.isEmpty() && missing.isEmpty()) {
            if (considered.isEmpty()) {
                return "No checks are required and none are reported for " + sha + ".";
            }
            return (required.isEmpty() ? "All reported checks passed for " : "All required checks passed for ") + sha
                    + ": " + String.join(", ", considered) + ".";
        }
        List<String> parts = new ArrayList<>();
        if (!failing.isEmpty()) {
            parts.add("failed: " + String.join(", ", failing));
        }
        if (!pending.isEmpty()) {
            parts.add("still running: " + String.join(", ", pending));
        }
        if (!missing.isEmpty()) {
            parts.add("not reported: " + String.join(", ", missing) + " (reported: "
                    + (reported.isEmpty() ? "none" : String.join(", ", reported.keySet()))
                    + "; check github.required_contexts in .jitploy.yml against the commit's status contexts and"
                    + " check run names)");
        }
        String verdict = failing.isEmpty() ? "Waiting for checks on " : "Deploy blocked by checks on ";
        return verdict + sha + ": " + String.join("; ", parts) + ".";
    }

    private static String shortSha(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
