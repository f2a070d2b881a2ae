package io.jitploy.access;

import java.util.Objects;

/**
 * A deploy that may not start yet: it lacks approvals. The message says how many more are needed and from whom;
 * {@link #status()} has the details for a caller that waits for them.
 */
public final class ApprovalRequiredException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ApprovalStatus status;

    ApprovalRequiredException(ApprovalStatus status) {
        super(Objects.requireNonNull(status, "status").describe()
                + " Collect the approvals, then start the deploy again.");
        this.status = status;
    }

    public ApprovalStatus status() {
        return status;
    }
}
