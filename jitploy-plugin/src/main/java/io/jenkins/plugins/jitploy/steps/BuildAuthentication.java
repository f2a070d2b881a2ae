package io.jenkins.plugins.jitploy.steps;

import java.io.IOException;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.springframework.security.core.Authentication;

/**
 * The authentication a build runs as (what its CPS VM thread runs as). {@code onResume} runs as SYSTEM, on
 * {@code Computer.threadPoolForRemoting}: a step resuming its work checks permissions as the build, not as SYSTEM.
 */
final class BuildAuthentication {
    private BuildAuthentication() {}

    /**
     * The build's authentication; anonymous if it cannot be found, never the caller's (SYSTEM in {@code onResume}):
     * checks then fail closed.
     */
    static Authentication of(StepContext context) {
        try {
            FlowExecution execution = context.get(FlowExecution.class);
            if (execution != null) {
                return execution.getAuthentication2();
            }
        } catch (IOException e) {
            // fall through: the step then fails on its own when it reads its context
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Jenkins.ANONYMOUS2;
    }
}
