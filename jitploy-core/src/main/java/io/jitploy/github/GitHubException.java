package io.jitploy.github;

import java.util.Objects;

/**
 * A GitHub API call failed. The message says what was attempted, what GitHub answered and what to change; it never
 * contains the token.
 */
public final class GitHubException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the call failed, so callers can decide whether retrying can help. */
    public enum Reason {
        /** 401: the token is invalid, expired or revoked. */
        BAD_CREDENTIALS,
        /** 403 without a rate limit: the token lacks a scope or permission. */
        FORBIDDEN,
        /** 404: the repository, commit or deployment does not exist or is invisible to the token. */
        NOT_FOUND,
        /** Primary or secondary rate limit reached: retrying later helps. */
        RATE_LIMITED,
        /** 422 and other 4xx: GitHub refused the request as sent. */
        REJECTED,
        /** Network failure or 5xx: GitHub could not be reached or failed; retrying later may help. */
        UNAVAILABLE,
        /** The connection settings name no usable repository or API URL: fix the configuration, retrying cannot help. */
        NOT_CONFIGURED
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason the category
     * @param message what was attempted and what to fix, without secrets
     * @param cause the underlying failure, or null
     */
    public GitHubException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The category of the failure. */
    public Reason reason() {
        return reason;
    }
}
