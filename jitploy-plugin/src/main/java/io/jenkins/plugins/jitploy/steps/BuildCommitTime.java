package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.scm.ChangeLogSet;
import io.jitploy.deploy.CommitTime;
import io.jitploy.github.GitHubException;
import io.jitploy.github.GitHubIntegrations;
import io.jitploy.ledger.Release;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import jenkins.scm.RunWithSCM;

/**
 * When the commit a build deploys was made, for the release's commit time (lead time for changes, and the queue's
 * refusal of versions older than the live one). The core's {@link CommitTime} picks the source: the release being
 * promoted or rolled back, else this build's change log, else GitHub's commit API when the application is connected
 * to GitHub, else unknown.
 */
final class BuildCommitTime {
    private BuildCommitTime() {}

    /** Off the CPS VM thread only: reads the change log from disk and may ask GitHub. */
    static @CheckForNull Instant of(
            Run<?, ?> build,
            String application,
            String sha,
            @CheckForNull Release source,
            GitHubIntegrations github,
            TaskListener listener) {
        return CommitTime.of(
                        sha,
                        Optional.ofNullable(source).map(Release::commitTime),
                        changeLog(build),
                        () -> fromGitHub(github, application, sha, listener))
                .orElse(null);
    }

    /**
     * Commit id to commit time for the commits this build brought in. The first build of a branch and a rebuild of
     * the same revision have an empty change log.
     */
    static Map<String, Instant> changeLog(Run<?, ?> build) {
        Map<String, Instant> times = new LinkedHashMap<>();
        if (build instanceof RunWithSCM<?, ?> withScm) {
            for (ChangeLogSet<? extends ChangeLogSet.Entry> set : withScm.getChangeSets()) {
                for (ChangeLogSet.Entry entry : set) {
                    String id = entry.getCommitId();
                    long millis = entry.getTimestamp(); // -1 when the SCM does not know it
                    if (id != null && millis > 0) {
                        times.put(id, Instant.ofEpochMilli(millis));
                    }
                }
            }
        }
        return times;
    }

    private static Optional<Instant> fromGitHub(
            GitHubIntegrations github, String application, String sha, TaskListener listener) {
        try {
            return github.commitTime(application, sha);
        } catch (GitHubException e) {
            // The commit time only feeds metrics and the stale-version guard: never a reason to stop a deploy.
            listener.getLogger()
                    .println("[jitploy] Could not read the time of commit " + sha + " from GitHub: " + e.getMessage()
                            + ". Lead time will not count this release.");
            return Optional.empty();
        }
    }
}
