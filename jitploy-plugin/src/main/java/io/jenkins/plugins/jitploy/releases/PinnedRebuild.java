package io.jenkins.plugins.jitploy.releases;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.model.Cause;
import hudson.model.CauseAction;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Run;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jitploy.deploy.PendingRebuilds;
import io.jitploy.deploy.RebuildAttempt;
import io.jitploy.ledger.Trigger;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import jenkins.model.ParameterizedJobMixIn;
import jenkins.scm.api.SCMRevisionAction;
import jenkins.scm.api.SCMSource;

/**
 * Promotion and rollback as Jitploy does them: run the same pipeline that produced a release again, pinned to that
 * release's revision, with the target environment recorded on the new build. The step and (later) the Releases
 * view both call {@link #schedule}; what may be promoted or rolled back is decided before, by the core.
 *
 * <p>Pinning uses the multibranch {@link SCMRevisionAction}: {@code checkout scm} in the new build checks out the
 * pinned revision, so the deploy uses the application, the {@code .jitploy.yml} and the encrypted env files of that
 * version. (The Jenkinsfile itself is read from the branch head by workflow-multibranch.)
 */
public final class PinnedRebuild {
    private PinnedRebuild() {}

    /**
     * A queued rebuild.
     *
     * @param requestId recorded on the new build ({@link DeployTargetAction#getRequestId()})
     * @param queueId its Jenkins queue item ({@link Queue.Item#getId()}; the queue keeps it across a restart)
     * @param jobFullName the job rebuilt
     * @param attempt what the rebuild carries out, for the engine's record if it never deploys
     */
    public record Queued(String requestId, long queueId, String jobFullName, RebuildAttempt attempt) {}

    /**
     * Queues the rebuild.
     *
     * @param runtime the store that remembers which build deployed the release
     * @param releaseId the release to deploy again
     * @param environment where to deploy it
     * @param trigger {@link Trigger#PROMOTE} or {@link Trigger#ROLLBACK}
     * @param requestedBy the Jenkins user id that asked, or {@code null} for the system (automatic rollback)
     * @param cause why the rebuild runs, shown on it (the user, or the build that asked); {@code null}: the build
     *     that deployed the release, as for an automatic rollback
     * @return the request id recorded on the new build, and where to find the build
     * @throws AbortException when the original build is gone or cannot be scheduled, saying what to do
     */
    public static Queued schedule(
            JitployRuntime runtime,
            String releaseId,
            String environment,
            Trigger trigger,
            @CheckForNull String requestedBy,
            @CheckForNull Cause cause)
            throws AbortException {
        Run<?, ?> original = runtime.runOf(releaseId)
                .orElseThrow(() -> new AbortException("The build that deployed release " + releaseId
                        + " no longer exists, so it cannot be rebuilt at its revision. Keep the builds that deploy"
                        + " (exclude them from the build discarder), or deploy that revision by hand."));
        Job<?, ?> job = original.getParent();
        String requestId = UUID.randomUUID().toString();
        CauseAction causes = new CauseAction(cause == null ? new Cause.UpstreamCause(original) : cause);
        DeployTargetAction target = new DeployTargetAction(requestId, environment, trigger, releaseId, requestedBy);
        RebuildAttempt attempt = RebuildsNotRun.attempt(target);
        // Remembered before it is queued (the rebuild may start, and settle it, at once) until it deploys or is
        // recorded as not run, even if a crash loses the build queue.
        try {
            runtime.pendingRebuilds()
                    .add(new PendingRebuilds.Pending(requestId, job.getFullName(), attempt, Instant.now()));
        } catch (UncheckedIOException e) {
            throw new AbortException(e.getMessage() + ". Nothing was scheduled; check that JENKINS_HOME is writable.");
        }
        Queue.Item item;
        SCMRevisionAction pinned = original.getAction(SCMRevisionAction.class);
        SCMSource source = SCMSource.SourceByItem.findSource(job);
        if (pinned != null && source != null) {
            SCMRevisionAction revision = new SCMRevisionAction(source, pinned.getRevision());
            item = ParameterizedJobMixIn.scheduleBuild2(job, 0, causes, target, revision);
        } else {
            // Not a multibranch build: nothing to pin with; the deploy step refuses a mismatching revision.
            item = ParameterizedJobMixIn.scheduleBuild2(job, 0, causes, target);
        }
        if (item == null) {
            runtime.pendingRebuilds().settle(requestId); // never queued: nothing to record
            throw new AbortException("Jenkins refused to schedule " + job.getFullDisplayName()
                    + " (disabled, or not buildable). Enable it and retry.");
        }
        return new Queued(requestId, item.getId(), job.getFullName(), attempt);
    }

    /** The request this build carries out, if it was scheduled by a promotion or rollback. */
    public static DeployTargetAction targetOf(Run<?, ?> build) {
        return build.getAction(DeployTargetAction.class);
    }
}
