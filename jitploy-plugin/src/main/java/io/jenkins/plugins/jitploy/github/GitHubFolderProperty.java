package io.jenkins.plugins.jitploy.github;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.jitploy.credentials.CredentialChoices;
import io.jitploy.github.GitHubConnection;
import io.jitploy.github.GitHubException;
import java.util.List;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * Connects the applications deployed from a folder (or multibranch project) to GitHub: the credential holding the
 * token switches the integration on; the repository defaults to the git remote the build checked out, and the API
 * URL to the repository's host. The nearest folder with this property applies. Deploys are then gated on the
 * {@code github.required_contexts} of {@code .jitploy.yml} and mirrored as GitHub Deployments (see docs/github.md).
 */
public final class GitHubFolderProperty extends AbstractFolderProperty<AbstractFolder<?>> {
    private final String credentialsId;
    private String repository;
    private String apiUrl;

    @DataBoundConstructor
    public GitHubFolderProperty(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** The credential holding the token: Secret text, or Username with password whose password is the token. */
    public @CheckForNull String getCredentialsId() {
        return credentialsId;
    }

    /** {@code owner/name} or a repository URL; empty means the git remote the build checked out. */
    public @CheckForNull String getRepository() {
        return repository;
    }

    @DataBoundSetter
    public void setRepository(String repository) {
        this.repository = Util.fixEmptyAndTrim(repository);
    }

    /** The REST API root (GitHub Enterprise Server: {@code https://host/api/v3}); empty means derived. */
    public @CheckForNull String getApiUrl() {
        return apiUrl;
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = Util.fixEmptyAndTrim(apiUrl);
    }

    /** The property of the nearest enclosing folder (or the item itself, if a folder) that has one. */
    public static @CheckForNull GitHubFolderProperty nearest(@CheckForNull Item item) {
        ItemGroup<?> start = item instanceof AbstractFolder<?> self ? self : item == null ? null : item.getParent();
        for (ItemGroup<?> group = start; group instanceof AbstractFolder<?> folder; group = folder.getParent()) {
            GitHubFolderProperty property = folder.getProperties().get(GitHubFolderProperty.class);
            if (property != null && property.credentialsId != null) {
                return property;
            }
        }
        return null;
    }

    /** A GitHub token is a Secret text, or the password of a Username with password credential. */
    static CredentialsMatcher tokens() {
        return CredentialsMatchers.anyOf(
                CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));
    }

    @Extension
    @Symbol("jitployGitHub")
    public static final class DescriptorImpl extends AbstractFolderPropertyDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.GitHubFolderProperty_displayName();
        }

        /** Stores nothing without a credential, so that untouched folders keep a clean config.xml. */
        @Override
        public AbstractFolderProperty<?> newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            GitHubFolderProperty property = (GitHubFolderProperty) super.newInstance(req, formData);
            return property == null || property.credentialsId == null ? null : property;
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return mayConfigure(item)
                    ? CredentialChoices.forConfigurer(tokenOptions(item), credentialsId)
                    : CredentialChoices.savedOnly(credentialsId);
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String id = Util.fixEmptyAndTrim(value);
            if (id == null) {
                return FormValidation.ok(Messages.Validation_off());
            }
            return CredentialChoices.offers(tokenOptions(item), id)
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.Validation_credentialsNotFound());
        }

        @POST
        public FormValidation doCheckRepository(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item) || Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            try {
                GitHubConnection.checkRepository(value.trim());
                return FormValidation.ok();
            } catch (GitHubException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public FormValidation doCheckApiUrl(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item) || Util.fixEmptyAndTrim(value) == null) {
                return FormValidation.ok();
            }
            try {
                GitHubConnection.checkApiUrl(value.trim());
                return FormValidation.ok();
            } catch (GitHubException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        /** Form validation and lists only answer users who could save the form, so they leak nothing to others. */
        private static boolean mayConfigure(@CheckForNull Item item) {
            return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
        }

        /**
         * Tokens a build in this folder may use, looked up as the system as credentials-binding does: the build runs
         * as the system unless an authorization plugin says otherwise.
         */
        private static ListBoxModel tokenOptions(@CheckForNull Item item) {
            StandardListBoxModel model = new StandardListBoxModel();
            if (item == null) {
                model.includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), tokens());
            } else {
                model.includeMatchingAs(ACL.SYSTEM2, item, StandardCredentials.class, List.of(), tokens());
            }
            return model;
        }
    }
}
