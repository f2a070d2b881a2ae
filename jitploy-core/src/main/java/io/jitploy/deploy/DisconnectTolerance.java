package io.jitploy.deploy;

import io.jitploy.config.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How long a deploy command survives losing the machine it runs on (a Jenkins agent that disconnects for a moment):
 * the caller keeps waiting for it to come back, up to {@link #patience()}, and only then gives up and reports the
 * deploy failed. Jenkins-free: the caller says when it first found the agent unreachable and what time it is now;
 * this decides, and words what the build log and the release say.
 *
 * <p>A patience of zero gives up at the first sighting, which is what happened before there was any patience.
 */
public final class DisconnectTolerance {
    /** Pipeline's own default for a {@code sh} step whose agent went away (workflow-durable-task-step: 5 minutes). */
    public static final Duration DEFAULT_PATIENCE = Duration.ofMinutes(5);

    private final Duration patience;
    private final String howToWaitLonger;

    /**
     * @param howToWaitLonger how an administrator changes the patience (e.g. a system property), appended to the
     *     message when giving up; null for nothing
     * @throws IllegalArgumentException for a negative patience
     */
    public DisconnectTolerance(Duration patience, String howToWaitLonger) {
        Objects.requireNonNull(patience, "patience");
        if (patience.isNegative()) {
            throw new IllegalArgumentException("the patience for an offline agent cannot be negative: " + patience);
        }
        this.patience = patience;
        this.howToWaitLonger = howToWaitLonger;
    }

    /**
     * The patience written as {@link DurationText} ({@code 10m}, {@code 90s}); null or blank for the default.
     *
     * @throws IllegalArgumentException naming the text that is not a duration
     */
    public static DisconnectTolerance parse(String text, String howToWaitLonger) {
        Duration patience = text == null || text.isBlank() ? DEFAULT_PATIENCE : DurationText.parse(text);
        return new DisconnectTolerance(patience, howToWaitLonger);
    }

    public Duration patience() {
        return patience;
    }

    /** What the caller was doing when the agent went away. */
    public enum Stage {
        /** The slot was granted but the command is not started yet: starting it later is safe. */
        LAUNCH,
        /** The command was started and is being followed; it may well still be running on the agent. */
        RUNNING
    }

    /** What to do about an agent found unreachable. */
    public sealed interface Verdict permits KeepWaiting, GiveUp {}

    /**
     * Wait and try again. {@code since} is when the agent was first found unreachable (to pass back next time);
     * {@code announcement} is the build log's line, present only the first time.
     */
    public record KeepWaiting(Instant since, Optional<String> announcement) implements Verdict {
        public KeepWaiting {
            Objects.requireNonNull(since, "since");
            Objects.requireNonNull(announcement, "announcement");
        }
    }

    /**
     * Stop waiting: {@code message} for the build log (what happened and what to do), {@code outcome} the short
     * reason recorded on the failed release.
     */
    public record GiveUp(String message, String outcome) implements Verdict {
        public GiveUp {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(outcome, "outcome");
        }
    }

    /**
     * Decides about {@code agent}, found unreachable at {@code now}.
     *
     * @param firstMissing when it was first found unreachable, or null if this is the first time (or it was back
     *     in between)
     * @param cause why it looks unreachable ("ChannelClosedException: ..."), or null
     */
    public Verdict check(String agent, Stage stage, Instant firstMissing, Instant now, String cause) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(now, "now");
        String name = name(agent);
        Instant since = firstMissing == null ? now : firstMissing;
        Duration offline = now.isBefore(since) ? Duration.ZERO : Duration.between(since, now);
        if (offline.compareTo(patience) < 0) {
            return new KeepWaiting(
                    since, firstMissing == null ? Optional.of(announcement(name, stage, cause)) : Optional.empty());
        }
        return giveUp(name, stage, offline);
    }

    /** The build log's line when the agent answers again after {@code firstMissing}. */
    public String backOnline(String agent, Instant firstMissing, Instant now) {
        Duration offline = now.isBefore(firstMissing) ? Duration.ZERO : Duration.between(firstMissing, now);
        return capitalized(name(agent)) + " is back after " + words(offline) + "; carrying on with the deploy command.";
    }

    private String announcement(String name, Stage stage, String cause) {
        String why = cause == null || cause.isBlank() ? "" : " (" + cause + ")";
        String then = stage == Stage.LAUNCH
                ? " before starting the deploy command"
                : "; the deploy command may still be running there";
        return capitalized(name) + " is offline" + why + "; waiting up to " + words(patience) + " for it to come back"
                + then + ".";
    }

    private GiveUp giveUp(String name, Stage stage, Duration offline) {
        String gone = capitalized(name) + " has been offline for " + words(offline);
        String hint = howToWaitLonger == null ? "" : " To wait longer, " + howToWaitLonger + ".";
        if (stage == Stage.LAUNCH) {
            return new GiveUp(
                    gone + "; the deploy command was not started and the deploy is recorded as failed. Bring " + name
                            + " back online (or run the build on another agent) and deploy again." + hint,
                    name + " was offline for " + words(offline) + "; the deploy command was not started");
        }
        return new GiveUp(
                gone + "; no longer following the deploy command, which may still be running there. The deploy is"
                        + " recorded as failed: check " + name + " and what the command did, then deploy again."
                        + hint,
                name + " was offline for " + words(offline) + "; the deploy command's result is unknown");
    }

    private static String name(String agent) {
        return agent == null || agent.isEmpty() ? "the built-in node" : "agent " + agent;
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** {@code 5 minutes}, {@code 1 minute}, {@code 45 seconds}; other durations as {@link DurationText}. */
    static String words(Duration duration) {
        long seconds = duration.getSeconds();
        if (duration.getNano() == 0 && seconds % 60 == 0 && seconds > 0) {
            long minutes = seconds / 60;
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        if (seconds < 120) {
            long whole = Math.max(seconds, 0);
            return whole == 1 ? "1 second" : whole + " seconds";
        }
        return DurationText.format(duration.withNanos(0));
    }
}
