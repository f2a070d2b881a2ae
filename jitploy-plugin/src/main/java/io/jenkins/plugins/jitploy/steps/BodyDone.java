package io.jenkins.plugins.jitploy.steps;

import io.jitploy.deploy.DeployOutcome;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** Reports the body's end to the engine; survives restarts (it holds the run id only). */
final class BodyDone extends BodyExecutionCallback {
    private static final long serialVersionUID = 1L;
    private final String runId;

    BodyDone(String runId) {
        this.runId = runId;
    }

    @Override
    public void onSuccess(StepContext context, Object result) {
        report(DeployOutcome.succeeded());
    }

    @Override
    public void onFailure(StepContext context, Throwable t) {
        LiveRuns.bodyFailed(runId, t);
        report(
                t instanceof FlowInterruptedException
                        ? DeployOutcome.aborted("the deploy block was aborted")
                        // A failing step's message may quote the command line; record only its kind.
                        : DeployOutcome.failed(
                                "the deploy block failed (" + t.getClass().getSimpleName() + "); see the build log"));
    }

    private void report(DeployOutcome outcome) {
        LiveRuns.report(runId, outcome);
    }
}
