package io.jitploy.coordination;

import io.jitploy.ledger.Trigger;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A request for the exclusive deploy slot of one environment.
 *
 * <p>Two kinds exist. A <em>deploy</em> carries a version and, ideally, an {@code orderKey}: a number that grows
 * with newer versions (build number, commit time in epoch seconds...). The order key lets the coordinator
 * supersede older waiting versions and refuse to deploy a version older than one that already succeeded. A
 * <em>hold</em> ({@link #hold}) has no version: it takes the slot for a block of work with a reason (the
 * {@code jitployLock} block step), so deploys queue behind it.
 *
 * @param key the environment
 * @param version the version to deploy, or {@code null} for a hold
 * @param orderKey monotonic order of versions; empty disables stale-version protection for this request
 * @param requestedBy who asked (user id)
 * @param trigger why (push, promote, rollback, manual); only {@link Trigger#ROLLBACK} may go back in time
 * @param supersede when true, waiting older deploys for the same key are cancelled as superseded
 * @param failFast when true, the request fails instead of waiting if a lock or freeze holds it
 * @param reason a note shown in the queue (required for holds)
 */
public record DeployRequest(
        EnvironmentKey key,
        String version,
        OptionalLong orderKey,
        String requestedBy,
        Trigger trigger,
        boolean supersede,
        boolean failFast,
        String reason) {

    public DeployRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(orderKey, "orderKey (use OptionalLong.empty())");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(trigger, "trigger");
        if (version == null && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a hold of " + key + " needs a reason, shown to the people it blocks");
        }
        if (version == null && orderKey.isPresent()) {
            throw new IllegalArgumentException("a hold of " + key + " has no version, so it cannot have an order key");
        }
    }

    /** A deploy of {@code version} whose place in version history is {@code orderKey} (bigger is newer). */
    public static DeployRequest deploy(
            EnvironmentKey key, String version, long orderKey, String requestedBy, Trigger trigger) {
        Objects.requireNonNull(version, "version");
        return new DeployRequest(key, version, OptionalLong.of(orderKey), requestedBy, trigger, false, false, null);
    }

    /** A deploy without an order key: it is never refused as stale and supersedes by queue order only. */
    public static DeployRequest deploy(EnvironmentKey key, String version, String requestedBy, Trigger trigger) {
        Objects.requireNonNull(version, "version");
        return new DeployRequest(key, version, OptionalLong.empty(), requestedBy, trigger, false, false, null);
    }

    /** Holds the environment's slot for a block of work (no deploy of its own), e.g. a manual test window. */
    public static DeployRequest hold(EnvironmentKey key, String owner, String reason) {
        return new DeployRequest(key, null, OptionalLong.empty(), owner, Trigger.MANUAL, false, false, reason);
    }

    public DeployRequest withSupersede(boolean newSupersede) {
        return new DeployRequest(key, version, orderKey, requestedBy, trigger, newSupersede, failFast, reason);
    }

    public DeployRequest withFailFast(boolean newFailFast) {
        return new DeployRequest(key, version, orderKey, requestedBy, trigger, supersede, newFailFast, reason);
    }

    public DeployRequest withReason(String newReason) {
        return new DeployRequest(key, version, orderKey, requestedBy, trigger, supersede, failFast, newReason);
    }

    /** True for {@link #hold} requests, which carry no version. */
    public boolean isHold() {
        return version == null;
    }

    public Optional<String> versionIfAny() {
        return Optional.ofNullable(version);
    }

    /** Short description for messages: {@code "v12 (build 12)"} or {@code "hold: manual QA"}. */
    String describe() {
        if (isHold()) {
            return "hold: " + reason;
        }
        return orderKey.isPresent() ? version + " (order " + orderKey.getAsLong() + ")" : version;
    }
}
