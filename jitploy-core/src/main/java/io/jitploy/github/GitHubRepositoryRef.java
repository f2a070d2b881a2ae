package io.jitploy.github;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GitHub repository named by host, owner and name, as found in a job's git remote URL.
 *
 * @param host {@code github.com} or a GitHub Enterprise Server host name (lower case)
 * @param owner user or organization
 * @param name repository name, without {@code .git}
 */
public record GitHubRepositoryRef(String host, String owner, String name) {
    /** The public GitHub host. */
    public static final String GITHUB_COM = "github.com";

    private static final Pattern OWNER = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    // scheme://[user[:password]@]host[:port]/owner/name[.git][/]
    private static final Pattern URL = Pattern.compile(
            "(?i)(?:https?|ssh|git|git\\+ssh)://(?:[^@/]+@)?([^/:]+)(?::\\d+)?/([^/]+)/([^/]+?)(?:\\.git)?/?");
    // scp-like: user@host:owner/name[.git]
    private static final Pattern SCP = Pattern.compile("(?:[^@/]+@)?([^/:]+):/?([^/]+)/([^/]+?)(?:\\.git)?/?");
    private static final Pattern SHORT = Pattern.compile("([^/:@]+)/([^/:@]+?)(?:\\.git)?");

    public GitHubRepositoryRef {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        host = host.toLowerCase(Locale.ROOT);
        if (!OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("'" + owner + "' is not a valid GitHub owner name");
        }
        if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid GitHub repository name");
        }
    }

    /**
     * Parses {@code owner/name}, an HTTPS URL ({@code https://github.com/owner/name.git}), an SSH URL ({@code
     * ssh://git@github.com/owner/name.git}) or an scp-like SSH remote ({@code git@github.com:owner/name.git}).
     *
     * @param remote the remote URL or short name
     * @return the repository reference; {@code owner/name} means github.com
     * @throws IllegalArgumentException if the text names no GitHub repository
     */
    public static GitHubRepositoryRef parse(String remote) {
        Objects.requireNonNull(remote, "remote");
        String text = remote.trim();
        Matcher m;
        try {
            if ((m = URL.matcher(text)).matches() || (m = SCP.matcher(text)).matches()) {
                return new GitHubRepositoryRef(m.group(1), m.group(2), m.group(3));
            }
            if ((m = SHORT.matcher(text)).matches()) {
                return new GitHubRepositoryRef(GITHUB_COM, m.group(1), m.group(2));
            }
        } catch (IllegalArgumentException invalid) {
            throw new IllegalArgumentException(
                    "'" + redact(text) + "' does not name a GitHub repository: " + invalid.getMessage(), invalid);
        }
        throw new IllegalArgumentException("'" + redact(text)
                + "' does not name a GitHub repository; expected owner/name, https://host/owner/name.git"
                + " or git@host:owner/name.git");
    }

    /** {@code owner/name}, as the GitHub API expects it. */
    public String fullName() {
        return owner + "/" + name;
    }

    /** The REST API root for this host: {@code https://api.github.com}, or {@code https://host/api/v3} for GHES. */
    public String apiUrl() {
        return host.equals(GITHUB_COM) ? "https://api.github.com" : "https://" + host + "/api/v3";
    }

    @Override
    public String toString() {
        return host.equals(GITHUB_COM) ? fullName() : host + "/" + fullName();
    }

    /** Remote URLs sometimes embed a token as user info; never echo it back. */
    private static String redact(String text) {
        return text.replaceAll("//[^@/]+@", "//***@");
    }
}
