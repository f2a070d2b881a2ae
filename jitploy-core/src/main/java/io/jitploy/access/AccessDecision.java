package io.jitploy.access;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@link EnvironmentAccess#decide}: allowed or not, and a message for the person who asked. A refusal
 * names who is allowed and how to get access; an allowance says why (for the build log).
 *
 * @param outcome allowed, or why not
 * @param action what was asked
 * @param environment the environment
 * @param actor who asked
 * @param allowed the names (users or groups) that may take the action; empty when anyone may
 * @param message what to tell the person who asked
 */
public record AccessDecision(
        Outcome outcome, Action action, String environment, Actor actor, List<String> allowed, String message) {

    /** Why a decision went the way it did. */
    public enum Outcome {
        ALLOWED,
        /** The action's list names neither the actor nor one of their groups. */
        NOT_LISTED,
        /** {@code protection.branches} does not match the branch. */
        BRANCH_NOT_ALLOWED,
        /** {@code protection.branches} is set but the branch is not known. */
        BRANCH_UNKNOWN
    }

    public AccessDecision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(actor, "actor");
        allowed = List.copyOf(allowed);
        Objects.requireNonNull(message, "message");
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOWED;
    }

    /**
     * Returns this decision if it allows the action.
     *
     * @throws AccessRefusedException carrying this decision otherwise
     */
    public AccessDecision orThrow() {
        if (!isAllowed()) {
            throw new AccessRefusedException(this);
        }
        return this;
    }
}
