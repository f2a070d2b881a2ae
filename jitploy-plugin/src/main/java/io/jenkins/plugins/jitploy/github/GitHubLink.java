package io.jenkins.plugins.jitploy.github;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jitploy.config.JitployConfig;
import io.jitploy.github.GitHubConnection;
import io.jitploy.github.GitHubException;
import io.jitploy.github.GitHubIntegrations;
import java.util.Optional;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Connects an application to GitHub for a build's deploy: reads the nearest {@link GitHubFolderProperty}, lets the
 * core decide repository and API URL ({@link GitHubConnection#resolve}), reads the token from Credentials in the
 * build's context and hands everything to the store's {@link GitHubIntegrations}. Without the property the
 * application is disconnected. The token lives only in memory, in the connection.
 */
public final class GitHubLink {
    /** Set by the Git plugin's checkout: the remote URL of the first repository. */
    static final String GIT_URL = "GIT_URL";

    private GitHubLink() {}

    /**
     * Connects (or disconnects) the application for this build's deploy.
     *
     * @return the connection, or empty when no folder configures GitHub
     * @throws AbortException when GitHub is configured but unusable (unknown repository, malformed API URL, missing
     *     credential); the message says what to fix and never shows the token
     */
    public static Optional<GitHubConnection> connect(
            Run<?, ?> build,
            String application,
            JitployConfig config,
            EnvVars env,
            GitHubIntegrations integrations,
            TaskListener listener)
            throws AbortException {
        GitHubFolderProperty property = GitHubFolderProperty.nearest(build.getParent());
        if (property == null) {
            integrations.forget(application);
            return Optional.empty();
        }
        try {
            Optional<GitHubConnection> resolved = GitHubConnection.resolve(
                    property.getCredentialsId(), property.getRepository(), property.getApiUrl(), env.get(GIT_URL));
            if (resolved.isEmpty()) {
                integrations.forget(application);
                return resolved;
            }
            GitHubConnection connection = resolved.get();
            integrations.use(application, connection, token(build, connection.credentialsId()), config);
            listener.getLogger().println("[jitploy] GitHub: " + connection);
            return resolved;
        } catch (GitHubException e) {
            throw new AbortException("Cannot connect " + application + " to GitHub: " + e.getMessage());
        }
    }

    /** The token, read as the build may see it (folder-scoped credentials and authorization plugins honoured). */
    private static String token(Run<?, ?> build, String credentialsId) throws AbortException {
        StandardCredentials credentials =
                CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, build);
        if (credentials == null) {
            throw new AbortException("The GitHub credential '" + credentialsId + "' is not visible to this build."
                    + " Create it (kind Secret text holding a GitHub token) in this folder or globally, or fix the"
                    + " credential in the folder's Jitploy GitHub settings.");
        }
        CredentialsProvider.track(build, credentials);
        if (credentials instanceof StringCredentials secretText) {
            return secretText.getSecret().getPlainText();
        }
        if (credentials instanceof StandardUsernamePasswordCredentials usernamePassword) {
            return usernamePassword.getPassword().getPlainText();
        }
        throw new AbortException("The GitHub credential '" + credentialsId + "' is a "
                + credentials.getClass().getSimpleName() + "; use a Secret text holding the token, or a Username with"
                + " password whose password is the token.");
    }
}
