package io.jenkins.plugins.jitploy.credentials;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jitploy.envfile.KeyFormatException;
import io.jitploy.envfile.keys.Identities;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.PassphraseSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Turns the credential that holds an environment's key into a {@link KeyRing}, in the context of one build. The key
 * exists only in memory for the time of one decryption; the caller closes the ring, which wipes it.
 */
public final class EnvironmentKeyCredentials {
    private EnvironmentKeyCredentials() {}

    /**
     * Looks the credential up as the build may see it (so folder-scoped credentials and authorization plugins are
     * honoured), records its use on the build, and parses it.
     *
     * @throws AbortException when the id is unknown, of another kind, or holds no usable key; the message says
     *     which, and how to fix it, and never shows key material
     */
    public static KeyRing open(Run<?, ?> build, String credentialsId, String environment)
            throws IOException, InterruptedException {
        StandardCredentials credentials =
                CredentialsProvider.findCredentialById(credentialsId, StandardCredentials.class, build);
        if (credentials == null) {
            throw new AbortException("Environment '" + environment + "' uses the credential '" + credentialsId
                    + "', which this build cannot see. Create it (kind Secret text holding the age identity printed"
                    + " by `jitploy keygen -e " + environment + "`) in this folder or globally, or fix the"
                    + " credentials id in the folder's Jitploy environments.");
        }
        CredentialsProvider.track(build, credentials);
        String text;
        if (credentials instanceof StringCredentials secretText) {
            text = secretText.getSecret().getPlainText();
        } else if (credentials instanceof FileCredentials secretFile) {
            try (InputStream in = secretFile.getContent()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } else {
            throw new AbortException("The credential '" + credentialsId + "' for environment '" + environment
                    + "' is a " + credentials.getClass().getSimpleName() + "; an environment key must be a Secret"
                    + " text (age identity) or a Secret file (armored OpenPGP secret key).");
        }
        try {
            // Builds have nobody to ask for a passphrase: a protected OpenPGP key fails with the core's advice.
            return Identities.parse(text, PassphraseSource.none());
        } catch (KeyFormatException e) {
            // The core's message names the problem, never the content.
            throw new AbortException("The credential '" + credentialsId + "' for environment '" + environment
                    + "' holds no usable key: " + e.getMessage());
        }
    }
}
