/**
 * Who may act on an environment: the enforcement of {@code protection:} ({@link io.jitploy.config.Protection}).
 *
 * <p>{@link io.jitploy.access.EnvironmentAccess} answers one question: may this {@link io.jitploy.access.Actor}
 * take this {@link io.jitploy.access.Action} on this environment, from this branch? The answer is an {@link
 * io.jitploy.access.AccessDecision} whose message names who is allowed and how to get access. It also counts
 * approvals ({@link io.jitploy.access.ApprovalStatus}). The rules:
 *
 * <ul>
 *   <li><b>Lists.</b> An entry of {@code deployers}, {@code promoters} or {@code lockers} matches a user id or one of
 *       the actor's group names, exactly (case-sensitive). Empty {@code promoters} or {@code lockers} fall back to
 *       {@code deployers}; when that is empty too, anyone may act whom the host's own permissions let through
 *       (Jenkins: <i>Jitploy/Deploy</i>, <i>Promote</i>, <i>Lock</i>).
 *   <li><b>Push deploy</b> (a branch push deploys automatically): only {@code branches} applies. No person decided
 *       it, so no list names one; who may push to the branch is the Git host's business (branch protection there).
 *       To keep pushes out of an environment, map no branch to it and promote into it, or require approvals.
 *   <li><b>Manual deploy</b> (a person started the build that deploys): {@code deployers} and {@code branches}.
 *   <li><b>Promote</b>: {@code promoters} (else {@code deployers}), and {@code branches} against the branch the
 *       promoted release was built from.
 *   <li><b>Rollback</b> counts as a promotion: {@code promoters} (else {@code deployers}); no branch rule, as the
 *       release already ran in the environment. Automatic rollbacks after a failed health check are the engine's
 *       and are not checked.
 *   <li><b>Lock and unlock</b>: {@code lockers} (else {@code deployers}).
 *   <li><b>Branches.</b> When {@code branches} is set and the branch is unknown, the deploy is refused.
 *   <li><b>Approvals</b> ({@code required_approvals}) gate push, manual and promotion deploys, not rollbacks (the
 *       one-click way back) nor locks. An approval counts once per person, never the requester's own, and only
 *       from someone on the action's list when the list is not empty.
 * </ul>
 *
 * <p>Protection read from {@code .jitploy.yml} is as trustworthy as the commit it is read from: whoever can push a
 * branch can edit it there. Set protection on the Jenkins folder (which a repository cannot loosen) to enforce it
 * against branch authors.
 */
package io.jitploy.access;
