package io.jitploy.deploy;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The deploy slot was granted and the release is recorded as started: what the deploy body needs.
 *
 * @param releaseId the ledger id of this deploy
 * @param intent what is being deployed
 * @param variables the {@code JITPLOY_*} variables for the deploy command (no secrets: the decrypted env file is
 *     bound separately by the caller)
 * @param previousVersion the version live in the environment before this deploy, if any
 * @param gateNote what the GitHub gate said when it let the deploy through (e.g. forced), if it ran
 */
public record DeployStart(
        String releaseId,
        DeployIntent intent,
        Map<String, String> variables,
        Optional<String> previousVersion,
        Optional<String> gateNote) {
    public DeployStart {
        Objects.requireNonNull(releaseId, "releaseId");
        Objects.requireNonNull(intent, "intent");
        variables = Map.copyOf(variables);
        Objects.requireNonNull(previousVersion, "previousVersion");
        Objects.requireNonNull(gateNote, "gateNote");
    }
}
