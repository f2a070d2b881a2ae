package io.jitploy.github;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an application's GitHub integration talks to: the repository its commits belong to, the REST API root, and
 * the name of the credential holding the token (quoted in messages; the token itself is never part of this).
 *
 * @param repository the repository deployments and checks belong to
 * @param apiUrl the REST API root, without a trailing slash ({@code https://api.github.com}, {@code
 *     https://ghe.example.com/api/v3})
 * @param credentialsId the credential holding the token, e.g. a Jenkins credentials id
 */
public record GitHubConnection(GitHubRepositoryRef repository, String apiUrl, String credentialsId) {
    public GitHubConnection {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(apiUrl, "apiUrl");
        Objects.requireNonNull(credentialsId, "credentialsId");
    }

    /**
     * Decides the connection from what an administrator configured and what the build checked out. The credential
     * switches the integration on; the repository comes from the configuration when it names one, else from the
     * checked-out git remote; the API URL from the configuration, else from the repository's host ({@link
     * GitHubRepositoryRef#apiUrl()}).
     *
     * @param credentialsId the configured credential, or {@code null}/blank when GitHub is not configured
     * @param configuredRepository {@code owner/name} or a repository URL, or {@code null}/blank
     * @param configuredApiUrl the API root for GitHub Enterprise Server (or a test server), or {@code null}/blank
     * @param gitRemote the remote URL the build checked out (e.g. Jenkins' {@code GIT_URL}), or {@code null}
     * @return the connection, or empty when no credential is configured (GitHub is off)
     * @throws GitHubException ({@link GitHubException.Reason#NOT_CONFIGURED}) when a credential is configured but no
     *     repository can be told, or the repository or API URL is malformed; the message says what to set
     */
    public static Optional<GitHubConnection> resolve(
            String credentialsId, String configuredRepository, String configuredApiUrl, String gitRemote)
            throws GitHubException {
        String credential = blankToNull(credentialsId);
        if (credential == null) {
            return Optional.empty();
        }
        GitHubRepositoryRef repository = repository(blankToNull(configuredRepository), blankToNull(gitRemote));
        String api = blankToNull(configuredApiUrl);
        return Optional.of(
                new GitHubConnection(repository, api == null ? repository.apiUrl() : checkApiUrl(api), credential));
    }

    /**
     * Checks a configured repository ({@code owner/name} or a repository URL), e.g. for form validation.
     *
     * @throws GitHubException ({@link GitHubException.Reason#NOT_CONFIGURED}) saying what is wrong
     */
    public static GitHubRepositoryRef checkRepository(String configured) throws GitHubException {
        try {
            return GitHubRepositoryRef.parse(configured);
        } catch (IllegalArgumentException e) {
            throw notConfigured("The configured GitHub repository is not usable: " + e.getMessage()
                    + ". Set it to owner/name, e.g. acme/shop.");
        }
    }

    private static GitHubRepositoryRef repository(String configured, String remote) throws GitHubException {
        if (configured != null) {
            return checkRepository(configured);
        }
        if (remote == null) {
            throw notConfigured("A GitHub credential is configured, but the GitHub repository is unknown: the build"
                    + " checked out no git remote (GIT_URL). Set the GitHub repository (owner/name) in the GitHub"
                    + " settings, or check out the repository before deploying.");
        }
        try {
            return GitHubRepositoryRef.parse(remote);
        } catch (IllegalArgumentException e) {
            throw notConfigured("A GitHub credential is configured, but the checked-out remote does not name a GitHub"
                    + " repository (" + e.getMessage() + "). Set the GitHub repository (owner/name) in the GitHub"
                    + " settings.");
        }
    }

    /**
     * Checks a configured API URL, e.g. for form validation.
     *
     * @return the URL without trailing slash
     * @throws GitHubException ({@link GitHubException.Reason#NOT_CONFIGURED}) saying what is wrong, without echoing
     *     user info
     */
    public static String checkApiUrl(String text) throws GitHubException {
        try {
            URI uri = new URI(text);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            if (web && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null) {
                return text.replaceAll("/+$", "");
            }
        } catch (URISyntaxException malformed) {
            // reported below
        }
        throw notConfigured("The GitHub API URL '" + text.replaceAll("//[^@/]*@", "//***@")
                + "' is not an http(s) URL without user info or query."
                + " Use https://api.github.com for github.com or https://<host>/api/v3 for GitHub Enterprise"
                + " Server, or leave it empty to derive it from the repository.");
    }

    private static GitHubException notConfigured(String message) {
        return new GitHubException(GitHubException.Reason.NOT_CONFIGURED, message, null);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    @Override
    public String toString() {
        return repository + " via " + apiUrl + " (credential '" + credentialsId + "')";
    }
}
