package io.jenkins.plugins.jitploy.releases;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Action;
import hudson.model.InvisibleAction;
import hudson.model.Queue;
import io.jitploy.ledger.Trigger;
import java.util.List;
import java.util.Objects;

/**
 * Recorded on a build scheduled by a promotion or rollback: which environment its {@code jitployDeploy} targets,
 * why, who asked, and which release it re-deploys. The application's Jenkinsfile needs no code for it: the step
 * reads this action. Holds ids and names only.
 */
public final class DeployTargetAction extends InvisibleAction implements Queue.QueueAction {
    private final String requestId;
    private final String environment;
    private final Trigger trigger;
    private final String sourceReleaseId;
    private final String requestedBy;

    public DeployTargetAction(
            String requestId, String environment, Trigger trigger, String sourceReleaseId, String requestedBy) {
        this.requestId = Objects.requireNonNull(requestId);
        this.environment = Objects.requireNonNull(environment);
        this.trigger = Objects.requireNonNull(trigger);
        this.sourceReleaseId = Objects.requireNonNull(sourceReleaseId);
        this.requestedBy = requestedBy;
    }

    /** Ties the build to the step or button that asked for it, across restarts. */
    public String getRequestId() {
        return requestId;
    }

    public String getEnvironment() {
        return environment;
    }

    public Trigger getTrigger() {
        return trigger;
    }

    /** The release whose revision this build deploys (promoted from, or rolled back to). */
    public String getSourceReleaseId() {
        return sourceReleaseId;
    }

    public @CheckForNull String getRequestedBy() {
        return requestedBy;
    }

    /** Every promotion or rollback is its own build: never fold it into a build already waiting in the queue. */
    @Override
    public boolean shouldSchedule(List<Action> actions) {
        return true;
    }
}
