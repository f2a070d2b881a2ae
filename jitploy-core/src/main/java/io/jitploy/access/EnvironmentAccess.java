package io.jitploy.access;

import io.jitploy.access.AccessDecision.Outcome;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.config.Protection;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Enforces one environment's {@link Protection}: who may deploy, promote, roll back and lock, from which branches,
 * and how many approvals a deploy needs. The rules are in the {@link io.jitploy.access package documentation}.
 *
 * <pre>{@code
 * EnvironmentAccess access = EnvironmentAccess.of(config.environment("production").orElseThrow());
 * access.decide(Actor.of("bob", groups), Action.PROMOTE, Optional.of(candidate.ref())).orThrow();
 * ApprovalStatus approvals = access.approvals(Action.PROMOTE, requester, given);
 * }</pre>
 */
public final class EnvironmentAccess {
    static final String WHERE = "in .jitploy.yml or in the folder's Jitploy property";
    private static final String HEADS = "refs/heads/";

    private final String environment;
    private final Protection protection;

    private EnvironmentAccess(String environment, Protection protection) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.protection = Objects.requireNonNull(protection, "protection");
    }

    /** The rules of a configured environment. */
    public static EnvironmentAccess of(EnvironmentSpec spec) {
        return of(spec.name(), spec.protection());
    }

    /** The rules {@code protection} sets for {@code environment}. */
    public static EnvironmentAccess of(String environment, Protection protection) {
        return new EnvironmentAccess(environment, protection);
    }

    public String environment() {
        return environment;
    }

    /**
     * The users and groups that may take {@code action}: its own list, or {@code deployers} when that is empty.
     * Empty: anyone the host's permissions let through. Push deploys check no list at all ({@link
     * Action#checksActor()}); this still answers with {@code deployers} for them, as the approvers' list.
     */
    public List<String> allowedFor(Action action) {
        List<String> own =
                switch (action) {
                    case PUSH_DEPLOY, MANUAL_DEPLOY -> protection.deployers();
                    case PROMOTE, ROLLBACK -> protection.promoters();
                    case LOCK, UNLOCK -> protection.lockers();
                };
        return own.isEmpty() ? protection.deployers() : own;
    }

    /**
     * Decides whether {@code actor} may take {@code action} here.
     *
     * @param branch the branch whose code is deployed (for a promotion: the branch the promoted release was built
     *     from), with or without {@code refs/heads/}; empty when unknown
     */
    public AccessDecision decide(Actor actor, Action action, Optional<String> branch) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        List<String> allowed = action.checksActor() ? allowedFor(action) : List.of();
        if (!allowed.isEmpty() && !actor.isNamedIn(allowed)) {
            return decision(Outcome.NOT_LISTED, action, actor, allowed, notListed(actor, action, allowed));
        }
        if (action.checksBranch() && !protection.branches().isEmpty()) {
            Optional<String> name = branch.map(b -> b.startsWith(HEADS) ? b.substring(HEADS.length()) : b);
            if (name.isEmpty()) {
                return decision(
                        Outcome.BRANCH_UNKNOWN,
                        action,
                        actor,
                        allowed,
                        environment + " accepts code from the branches " + protection.branches()
                                + " only (protection.branches), and the branch of this " + what(action)
                                + " is not known. Deploy from a multibranch project (so that the branch is"
                                + " recorded), or remove the restriction from protection.branches of " + environment
                                + " " + WHERE + ".");
            }
            if (!protection.allowsBranch(name.get())) {
                return decision(
                        Outcome.BRANCH_NOT_ALLOWED,
                        action,
                        actor,
                        allowed,
                        "Code from branch " + name.get() + " may not " + action.verb() + " " + environment
                                + ": protection.branches of " + environment + " allows only "
                                + protection.branches() + ". Merge it into one of those branches and deploy from"
                                + " there, or add the branch to protection.branches of " + environment + " "
                                + WHERE + ".");
            }
        }
        return decision(Outcome.ALLOWED, action, actor, allowed, allowedMessage(actor, action, allowed));
    }

    /**
     * Counts the approvals of a deploy: distinct people, not {@code requester}, and from the action's list when it
     * names anyone ({@link #allowedFor}). Actions that need none ({@link Action#needsApprovals()}) need zero.
     */
    public ApprovalStatus approvals(Action action, Actor requester, Collection<Approval> given) {
        int required = action.needsApprovals() ? protection.requiredApprovals() : 0;
        return ApprovalStatus.count(environment, required, requester, allowedFor(action), listName(action), given);
    }

    private AccessDecision decision(Outcome outcome, Action action, Actor actor, List<String> allowed, String message) {
        return new AccessDecision(outcome, action, environment, actor, allowed, message);
    }

    private String notListed(Actor actor, Action action, List<String> allowed) {
        String list = listName(action);
        return actor.describe() + " may not " + action.verb() + " " + environment + ": " + list + " of "
                + environment + " lists only " + allowed + ", and names neither " + actor.id()
                + " nor one of their groups. Ask one of them to do it, or ask an administrator to add " + actor.id()
                + " (or one of their groups) to " + list + " of " + environment + " " + WHERE + ".";
    }

    private String allowedMessage(Actor actor, Action action, List<String> allowed) {
        if (!action.checksActor()) {
            return "A push may " + action.verb() + " " + environment
                    + (protection.branches().isEmpty() ? "" : " from " + protection.branches())
                    + " (protection.branches).";
        }
        if (allowed.isEmpty()) {
            return actor.id() + " may " + action.verb() + " " + environment + ": its protection names nobody in "
                    + "particular, so the Jenkins permission decides.";
        }
        return actor.id() + " may " + action.verb() + " " + environment + ": listed in " + listName(action) + ".";
    }

    /** "protection.promoters", or "protection.deployers" when the action's own list is empty and falls back. */
    String listName(Action action) {
        boolean own =
                switch (action) {
                    case PUSH_DEPLOY, MANUAL_DEPLOY -> true;
                    case PROMOTE, ROLLBACK -> !protection.promoters().isEmpty();
                    case LOCK, UNLOCK -> !protection.lockers().isEmpty();
                };
        return "protection." + (own ? action.list() : "deployers");
    }

    private static String what(Action action) {
        return action == Action.PROMOTE ? "promoted release" : "deploy";
    }
}
