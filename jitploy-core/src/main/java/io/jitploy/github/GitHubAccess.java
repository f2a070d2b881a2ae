package io.jitploy.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.extras.HttpClientGitHubConnector;

/**
 * An authenticated connection to the GitHub REST API (github.com or GitHub Enterprise Server) through {@code
 * org.kohsuke:github-api}. It turns the library's I/O errors into {@link GitHubException}s that name the Jenkins
 * credential holding the token (never the token itself) and say what to fix.
 *
 * <p>Rate limits fail fast with the reset time instead of the library's default of sleeping until the limit resets.
 *
 * <p>Calls block the calling thread on network I/O (github-api is synchronous): Jenkins callers must run them off the
 * CPS VM thread.
 */
public final class GitHubAccess {
    static final String SCOPES_HINT = "classic tokens need the scopes repo:status and repo_deployment (repo for a"
            + " private repository); fine-grained tokens and GitHub Apps need read access to Commit statuses and"
            + " Checks and read/write access to Deployments";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final GitHub github;
    private final String apiUrl;
    private final String credentialName;
    private final Map<GitHubRepositoryRef, GHRepository> repositories = new ConcurrentHashMap<>();

    private GitHubAccess(GitHub github, String apiUrl, String credentialName) {
        this.github = github;
        this.apiUrl = apiUrl;
        this.credentialName = credentialName;
    }

    /**
     * Connects with a token. github-api reads the token's login ({@code GET /user}) while connecting and ignores a
     * failure there; every other request waits for the first call.
     *
     * @param apiUrl the REST API root, e.g. {@code https://api.github.com} or {@link GitHubRepositoryRef#apiUrl()}
     * @param token a personal access token, fine-grained token or GitHub App installation token
     * @param credentialName how the user knows the token (e.g. the Jenkins credentials id), quoted in error messages
     * @return the connection
     * @throws GitHubException if the API URL is unusable
     */
    public static GitHubAccess connect(String apiUrl, String token, String credentialName) throws GitHubException {
        return connect(apiUrl, token, credentialName, HttpClient.newBuilder());
    }

    /**
     * Connects with a token through HTTP clients made from {@code httpClient}, e.g. one preconfigured with the
     * proxy of the host application (Jenkins' {@code ProxyConfiguration.newHttpClientBuilder()}). Redirects are
     * never followed (they would carry the token elsewhere) and connecting times out after 10 seconds.
     *
     * @see #connect(String, String, String)
     */
    public static GitHubAccess connect(
            String apiUrl, String token, String credentialName, HttpClient.Builder httpClient) throws GitHubException {
        Objects.requireNonNull(httpClient, "httpClient");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(credentialName, "credentialName");
        try {
            GitHub github = new GitHubBuilder()
                    .withEndpoint(apiUrl)
                    .withOAuthToken(token)
                    .withRateLimitHandler(new LimitReached.Primary())
                    .withAbuseLimitHandler(new LimitReached.Secondary())
                    .withConnector(new DeploymentStateSpelling(new HttpClientGitHubConnector(httpClient
                            .followRedirects(HttpClient.Redirect.NEVER)
                            .connectTimeout(CONNECT_TIMEOUT)
                            .build())))
                    .build();
            return new GitHubAccess(github, apiUrl, credentialName);
        } catch (IOException | RuntimeException e) {
            throw new GitHubException(
                    GitHubException.Reason.UNAVAILABLE,
                    "cannot use the GitHub API at " + apiUrl + ": " + e.getMessage()
                            + "; check the API URL (https://api.github.com or https://<host>/api/v3)",
                    e);
        }
    }

    /** One call against a repository; may throw the library's {@link IOException}s. */
    @FunctionalInterface
    interface RepositoryCall<T> {
        T run(GHRepository repository) throws IOException;
    }

    /**
     * Runs {@code call} against the repository, translating failures.
     *
     * @param action what is being done, for messages ("reading commit statuses of abc1234")
     */
    <T> T call(GitHubRepositoryRef ref, String action, RepositoryCall<T> call) throws GitHubException {
        GHRepository repository = repositories.get(ref);
        if (repository == null) {
            try {
                repository = github.getRepository(ref.fullName());
            } catch (IOException e) {
                throw translate(e, ref, "opening the repository", true);
            }
            repositories.put(ref, repository);
        }
        try {
            return call.run(repository);
        } catch (IOException e) {
            throw translate(e, ref, action, false);
        } catch (GHException e) {
            // Paged listings wrap the I/O failure of a page fetch in this unchecked exception.
            if (e.getCause() instanceof IOException io) {
                throw translate(io, ref, action, false);
            }
            throw new GitHubException(
                    GitHubException.Reason.UNAVAILABLE,
                    "GitHub call failed while " + action + " on " + ref + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * When a commit was made (its committer date), as GitHub knows it; empty if GitHub gives no date.
     *
     * @throws GitHubException if GitHub cannot be read or does not know the commit
     */
    Optional<Instant> commitDate(GitHubRepositoryRef ref, String sha) throws GitHubException {
        return call(ref, "reading the date of commit " + sha, repository -> Optional.ofNullable(
                        repository.getCommit(sha).getCommitDate())
                .map(java.util.Date::toInstant));
    }

    private GitHubException translate(IOException e, GitHubRepositoryRef ref, String action, boolean repositoryLookup) {
        String where = " while " + action + " on " + ref;
        String credential = "credential '" + credentialName + "'";
        if (e instanceof LimitReached limit) {
            return new GitHubException(
                    GitHubException.Reason.RATE_LIMITED,
                    "GitHub rate limit reached for the token in " + credential + where + "; " + whenToRetry(limit)
                            + ". Retry then, or use a token with its own quota (e.g. a GitHub App installation)",
                    e);
        }
        if (e instanceof FileNotFoundException) {
            String message = repositoryLookup
                    ? "GitHub repository " + ref + " was not found, or the token in " + credential
                            + " cannot see it; check the repository URL and that the token has access to it ("
                            + SCOPES_HINT
                            + ")"
                    : "GitHub answered 404 Not Found" + where + "; the commit or deployment does not exist in " + ref;
            return new GitHubException(GitHubException.Reason.NOT_FOUND, message, e);
        }
        if (e instanceof HttpException http) {
            int status = http.getResponseCode();
            String github = githubMessage(http);
            if (status == 401) {
                return new GitHubException(
                        GitHubException.Reason.BAD_CREDENTIALS,
                        "the GitHub token in " + credential + " was rejected (401 " + github + ")" + where
                                + "; check that it is valid and not expired or revoked, and update the credential; "
                                + SCOPES_HINT,
                        e);
            }
            if (status == 403) {
                return new GitHubException(
                        GitHubException.Reason.FORBIDDEN,
                        "GitHub refused access (403 " + github + ")" + where + "; the token in " + credential
                                + " lacks a permission: " + SCOPES_HINT,
                        e);
            }
            if (status >= 400 && status < 500) {
                return new GitHubException(
                        GitHubException.Reason.REJECTED,
                        "GitHub rejected the request (" + status + " " + github + ")" + where,
                        e);
            }
            if (status >= 500) {
                return new GitHubException(
                        GitHubException.Reason.UNAVAILABLE,
                        "GitHub failed (" + status + " " + github + ")" + where + "; retry later",
                        e);
            }
        }
        return new GitHubException(
                GitHubException.Reason.UNAVAILABLE,
                "cannot reach GitHub at " + apiUrl + where + ": " + e.getClass().getSimpleName() + " " + e.getMessage(),
                e);
    }

    private static String whenToRetry(LimitReached limit) {
        if (limit.retryAfterSeconds() != null) {
            return "GitHub asks to wait " + limit.retryAfterSeconds() + " s (secondary rate limit)";
        }
        if (limit.resetEpochSeconds() != null) {
            try {
                return "it resets at "
                        + Instant.ofEpochSecond(
                                Long.parseLong(limit.resetEpochSeconds().trim()));
            } catch (NumberFormatException | java.time.DateTimeException ignored) {
                // fall through to the generic advice
            }
        }
        return "the reset time was not given";
    }

    /** GitHub's own error text ({@code {"message": "Bad credentials"}}), or the HTTP reason phrase. */
    private static String githubMessage(HttpException http) {
        String body = http.getMessage();
        if (body != null && body.trim().startsWith("{")) {
            try {
                JsonNode message = JSON.readTree(body).get("message");
                if (message != null && message.isTextual()) {
                    return message.asText();
                }
            } catch (IOException notJson) {
                // fall back to the status line
            }
        }
        String phrase = http.getResponseMessage();
        return phrase == null ? "" : phrase.replaceFirst("^\\d+\\s*", "");
    }
}
