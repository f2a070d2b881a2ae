package io.jitploy.access;

import io.jitploy.ledger.Trigger;

/** What someone wants to do to an environment. The rules per action are in the package documentation. */
public enum Action {
    /** A branch push deploys automatically. */
    PUSH_DEPLOY("deploy to", "deployers"),
    /** A person started the build that deploys. */
    MANUAL_DEPLOY("deploy to", "deployers"),
    PROMOTE("promote into", "promoters"),
    ROLLBACK("roll back", "promoters"),
    LOCK("lock", "lockers"),
    UNLOCK("unlock", "lockers");

    private final String verb;
    private final String list;

    Action(String verb, String list) {
        this.verb = verb;
        this.list = list;
    }

    /** The action a deploy with this trigger is. */
    public static Action of(Trigger trigger) {
        return switch (trigger) {
            case PUSH -> PUSH_DEPLOY;
            case MANUAL -> MANUAL_DEPLOY;
            case PROMOTE -> PROMOTE;
            case ROLLBACK -> ROLLBACK;
        };
    }

    /** Whether a list of people applies (not to push deploys: no person decided them). */
    public boolean checksActor() {
        return this != PUSH_DEPLOY;
    }

    /** Whether {@code protection.branches} applies: to everything that brings a branch's code in. */
    public boolean checksBranch() {
        return this == PUSH_DEPLOY || this == MANUAL_DEPLOY || this == PROMOTE;
    }

    /** Whether {@code required_approvals} applies: deploys of new code, not rollbacks or locks. */
    public boolean needsApprovals() {
        return checksBranch();
    }

    /** "promote into", for messages. */
    String verb() {
        return verb;
    }

    /** The {@code protection} list that names who may do it (before the fallback to {@code deployers}). */
    String list() {
        return list;
    }
}
