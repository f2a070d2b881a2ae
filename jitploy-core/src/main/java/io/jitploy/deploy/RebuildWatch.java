package io.jitploy.deploy;

import java.io.Serializable;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a step waiting for a promotion's or rollback's rebuild concludes from what the build system shows of that
 * rebuild, each time it looks: keep waiting, return the new release, or fail saying what to do. A rebuild that never
 * runs (cancelled in the queue, the job disabled or deleted, the queue lost) must fail the wait rather than leave it
 * waiting forever. Serializable: the host keeps it with the waiting step, across restarts.
 */
public final class RebuildWatch implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Consecutive looks that found the rebuild neither queued nor built before it counts as vanished: a build that
     * leaves the queue is for a moment in neither place, and after a restart the queue may not be loaded yet.
     */
    public static final int LOOKS_BEFORE_VANISHED = 3;

    private final String what;
    private final String job;
    private int buildNumber = -1;
    private int unseenLooks;

    /**
     * @param what the attempt, for messages: "the promotion from staging to production"
     * @param job the job rebuilt, for messages
     */
    public RebuildWatch(String what, String job) {
        this.what = Objects.requireNonNull(what, "what");
        this.job = Objects.requireNonNull(job, "job");
    }

    /** The step's decision. */
    public enum Kind {
        WAIT,
        DEPLOYED,
        FAILED
    }

    /**
     * @param releaseId the new release, when {@link Kind#DEPLOYED}
     * @param message why it failed and what to do, when {@link Kind#FAILED}
     * @param recordAttempt whether the engine must record the attempt ({@link
     *     DeployOrchestrator#recordRebuildNotRun}): only when no deploy ran, since a deploy that ran recorded itself
     */
    public record Verdict(Kind kind, String releaseId, String message, boolean recordAttempt) {
        static final Verdict WAIT = new Verdict(Kind.WAIT, null, null, false);

        static Verdict failed(String message, boolean recordAttempt) {
            return new Verdict(Kind.FAILED, null, message, recordAttempt);
        }

        public boolean isFinal() {
            return kind != Kind.WAIT;
        }
    }

    /** The rebuild waits in the queue. */
    public synchronized Verdict queued() {
        unseenLooks = 0;
        return Verdict.WAIT;
    }

    /** The rebuild left the queue without starting: cancelled by someone, or because its job was disabled or deleted. */
    public synchronized Verdict cancelled() {
        return Verdict.failed(
                "The build of " + job + " for " + what + " was cancelled in the build queue before it started (by"
                        + " someone, or because the job was disabled or deleted), so nothing was deployed. Check the"
                        + " job, then run the step again.",
                true);
    }

    /** The rebuild runs as build {@code number}. */
    public synchronized Verdict running(int number) {
        buildNumber = number;
        unseenLooks = 0;
        return Verdict.WAIT;
    }

    /**
     * The rebuild ended.
     *
     * @param result the build's result, e.g. {@code SUCCESS}, {@code FAILURE}, {@code ABORTED}
     * @param succeeded whether that result counts as success
     * @param releaseId the release its deploy step recorded, if it got that far
     */
    public synchronized Verdict ended(int number, String result, boolean succeeded, Optional<String> releaseId) {
        buildNumber = number;
        String build = job + " #" + number;
        if (releaseId.isPresent()) {
            return succeeded
                    ? new Verdict(Kind.DEPLOYED, releaseId.get(), null, false)
                    : Verdict.failed(
                            "The build " + build + " for " + what + " ended " + result + "; see its log.", false);
        }
        return Verdict.failed(
                "The build " + build + " for " + what + " ended " + result + " without deploying; see its log.", true);
    }

    /** The rebuild's job is gone (deleted or renamed). */
    public synchronized Verdict jobGone() {
        return Verdict.failed(
                "The job " + job + " running " + what + " is gone (deleted or renamed), so nothing was deployed.",
                true);
    }

    /** This look found the rebuild neither in the queue nor among the job's builds. */
    public synchronized Verdict nowhere() {
        if (++unseenLooks < LOOKS_BEFORE_VANISHED) {
            return Verdict.WAIT;
        }
        if (buildNumber >= 0) {
            return Verdict.failed(
                    "The build " + job + " #" + buildNumber + " for " + what + " was deleted before it ended; whether"
                            + " it deployed is in the environment's history.",
                    false);
        }
        return Verdict.failed(
                "The build of " + job + " for " + what + " is neither in the build queue nor among the job's builds"
                        + " (the queue was lost, for example in a restart), so nothing was deployed. Run the step again.",
                true);
    }

    /** The build that carries out the rebuild, once it was seen running. */
    public synchronized OptionalInt buildNumber() {
        return buildNumber < 0 ? OptionalInt.empty() : OptionalInt.of(buildNumber);
    }
}
