package io.jitploy.github;

import java.io.IOException;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Thrown from inside github-api when GitHub reports a rate limit. The library's default handlers sleep until the limit
 * resets (up to an hour), which would silently stall a deploy; Jitploy fails fast instead and says when to retry.
 * Extends {@link GHIOException} because the library passes those through unchanged.
 */
final class LimitReached extends GHIOException {
    private static final long serialVersionUID = 1L;

    private final String resetEpochSeconds;
    private final String retryAfterSeconds;

    private LimitReached(String resetEpochSeconds, String retryAfterSeconds) {
        super("GitHub rate limit reached");
        this.resetEpochSeconds = resetEpochSeconds;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Epoch seconds at which the primary limit resets ({@code X-RateLimit-Reset}), or null. */
    String resetEpochSeconds() {
        return resetEpochSeconds;
    }

    /** Seconds to wait for a secondary limit ({@code Retry-After}), or null. */
    String retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static LimitReached from(GitHubConnectorResponse response) {
        return new LimitReached(response.header("X-RateLimit-Reset"), response.header("Retry-After"));
    }

    static final class Primary extends GitHubRateLimitHandler {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw from(response);
        }
    }

    static final class Secondary extends GitHubAbuseLimitHandler {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw from(response);
        }
    }
}
