package io.jitploy.deploy;

import io.jitploy.ledger.ReleaseResult;
import java.util.Objects;

/**
 * What the deploy itself (the Pipeline block or a {@link Deployer}) reports back, before the health check.
 *
 * @param result {@link ReleaseResult#SUCCEEDED}, {@link ReleaseResult#FAILED} or {@link ReleaseResult#ABORTED}
 * @param detail a short reason for the log and events (e.g. "deploy.sh exited with 3"), never a secret
 */
public record DeployOutcome(ReleaseResult result, String detail) {
    public DeployOutcome {
        Objects.requireNonNull(result, "result");
        if (result != ReleaseResult.SUCCEEDED && result != ReleaseResult.FAILED && result != ReleaseResult.ABORTED) {
            throw new IllegalArgumentException(
                    "A deploy ends SUCCEEDED, FAILED or ABORTED; " + result + " is set by the engine itself.");
        }
    }

    public static DeployOutcome succeeded() {
        return new DeployOutcome(ReleaseResult.SUCCEEDED, "deployed");
    }

    public static DeployOutcome failed(String detail) {
        return new DeployOutcome(ReleaseResult.FAILED, detail);
    }

    public static DeployOutcome aborted(String detail) {
        return new DeployOutcome(ReleaseResult.ABORTED, detail);
    }
}
