package io.jenkins.plugins.jitploy.steps;

import hudson.model.Run;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.deploy.DeployRunId;
import io.jitploy.ledger.Release;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/** A deploy that its step could not resume after a restart, which the step gives up in the ledger. */
final class UnresumableDeploy {
    private UnresumableDeploy() {}

    /**
     * The deploy could not be resumed (its workspace or {@code .jitploy.yml} changed or is gone, a credential or
     * GitHub is unusable): abandon it with what the ledger knows, since nothing else will ever complete it and its
     * release would otherwise stay queued or running and hold the environment's slot forever.
     */
    static void abandon(StepContext context, String runId, Exception why) {
        // An abort (stop() cancels this thread) is the likeliest reason to get here; the flag is cleared so that
        // the context look-ups below do not fail with InterruptedException before the abort is recorded.
        boolean interrupted = Thread.interrupted();
        try {
            Run<?, ?> build = context.get(Run.class);
            JitployRuntime runtime = JitployRuntime.of(build.getParent());
            DeployRunId id = DeployRunId.parse(runId);
            Release known = runtime.ledger().byId(id.releaseId()).orElse(null);
            if (known == null || known.result().isFinished()) {
                return;
            }
            DeployIntent intent = DeployIntent.builder(
                            known.application(), known.environment(), known.version(), known.sha())
                    .ref(known.ref())
                    .trigger(known.trigger())
                    .user(known.user())
                    .promotedFrom(known.promotedFrom())
                    .rollbackOf(known.rollbackOf())
                    .build();
            runtime.orchestrator()
                    .reattach(id, intent)
                    .abort(build.getFullDisplayName() + ", which could not resume it after a restart");
        } catch (Exception e) {
            why.addSuppressed(e); // the step fails with the reason it could not resume
        } finally {
            LiveRuns.finished(runId); // nothing will re-attach it: an outcome kept for it would never be taken
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
