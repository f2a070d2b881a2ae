package io.jitploy.access;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * How far a deploy is from its required approvals ({@link EnvironmentAccess#approvals}).
 *
 * @param environment the environment deployed to
 * @param required approvals needed ({@code protection.required_approvals}; 0 for actions that need none)
 * @param requester who asked for the deploy; their own approval never counts
 * @param eligible who may approve (users or groups); empty: anyone but the requester
 * @param counted the approvals that count, earliest first, one per person
 * @param ignored the approvals that do not count, each with why
 */
public record ApprovalStatus(
        String environment,
        int required,
        Actor requester,
        List<String> eligible,
        List<Approval> counted,
        List<Ignored> ignored) {

    /** An approval that does not count, and why ("is the requester", "already approved", "not in …"). */
    public record Ignored(Approval approval, String reason) {}

    public ApprovalStatus {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(requester, "requester");
        eligible = List.copyOf(eligible);
        counted = List.copyOf(counted);
        ignored = List.copyOf(ignored);
    }

    static ApprovalStatus count(
            String environment,
            int required,
            Actor requester,
            List<String> eligible,
            String listName,
            Collection<Approval> given) {
        List<Approval> inOrder = new ArrayList<>(given);
        // Earliest first, so that which of a person's approvals counts does not depend on the caller's order.
        inOrder.sort(Comparator.comparing(Approval::at)
                .thenComparing(a -> a.approver().id())
                .thenComparing(a -> new TreeSet<>(a.approver().groups()).toString()));
        List<Approval> counted = new ArrayList<>();
        List<Ignored> ignored = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Approval approval : inOrder) {
            Actor approver = approval.approver();
            if (approver.id().equals(requester.id())) {
                ignored.add(new Ignored(approval, "requested the deploy"));
            } else if (seen.contains(approver.id())) {
                ignored.add(new Ignored(approval, "already approved"));
            } else if (!eligible.isEmpty() && !approver.isNamedIn(eligible)) {
                ignored.add(new Ignored(approval, "not in " + listName + " " + eligible));
            } else {
                seen.add(approver.id());
                counted.add(approval);
            }
        }
        return new ApprovalStatus(environment, required, requester, eligible, counted, ignored);
    }

    /** Approvals still needed (0 when satisfied). */
    public int missing() {
        return Math.max(0, required - counted.size());
    }

    /** Whether the deploy may start as far as approvals go. */
    public boolean isSatisfied() {
        return missing() == 0;
    }

    /**
     * Returns this status if the approvals suffice.
     *
     * @throws ApprovalRequiredException saying how many more are needed and from whom, otherwise
     */
    public ApprovalStatus orThrow() {
        if (!isSatisfied()) {
            throw new ApprovalRequiredException(this);
        }
        return this;
    }

    /**
     * For the build log and refusals: "1 of 2 approvals for production (bob); 1 more needed from one of
     * [release-managers], not from carol (the requester). Not counted: carol (requested the deploy)."
     */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append(counted.size())
                .append(" of ")
                .append(required)
                .append(required == 1 ? " approval" : " approvals")
                .append(" for ")
                .append(environment);
        if (!counted.isEmpty()) {
            text.append(" (").append(names(counted)).append(')');
        }
        if (isSatisfied()) {
            text.append('.');
        } else {
            text.append("; ")
                    .append(missing())
                    .append(" more needed from ")
                    .append(eligible.isEmpty() ? "anyone allowed to approve" : "one of " + eligible)
                    .append(", other than ")
                    .append(requester.id())
                    .append(" (who requested it)")
                    .append(counted.isEmpty() ? "" : " and " + names(counted))
                    .append('.');
        }
        if (!ignored.isEmpty()) {
            text.append(" Not counted: ")
                    .append(ignored.stream()
                            .map(i -> i.approval().approver().id() + " (" + i.reason() + ")")
                            .collect(Collectors.joining(", ")))
                    .append('.');
        }
        return text.toString();
    }

    private static String names(List<Approval> approvals) {
        return approvals.stream().map(a -> a.approver().id()).collect(Collectors.joining(", "));
    }
}
