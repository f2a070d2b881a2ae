package io.jenkins.plugins.jitploy.folder;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.jitploy.Messages;
import io.jenkins.plugins.jitploy.credentials.CredentialChoices;
import io.jitploy.config.EnvironmentNames;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One environment as declared by a folder (or globally): the Jenkins-side counterpart of an {@code environments:}
 * entry of {@code .jitploy.yml}. Only ids of credentials are stored, never key material. Fields left empty defer
 * to the repository's file, with the precedence the core defines for folder defaults.
 */
public final class EnvironmentDefinition implements Describable<EnvironmentDefinition> {
    private final String name;
    private String branches;
    private String credentialsId;
    private String deployers;
    private String promoters;
    private String lockers;
    private int requiredApprovals;
    private List<FreezeDefinition> freezes = new ArrayList<>();
    private String healthCheckUrl;
    private int healthCheckStatus = 200;
    private boolean autoRollback;
    private String url;
    private String promoteFrom;

    @DataBoundConstructor
    public EnvironmentDefinition(String name) {
        this.name = Util.fixEmptyAndTrim(name);
    }

    public String getName() {
        return name;
    }

    /** Branch globs, one per line or comma separated; the first environment whose pattern matches wins. */
    public String getBranches() {
        return branches;
    }

    @DataBoundSetter
    public void setBranches(String branches) {
        this.branches = Util.fixEmptyAndTrim(branches);
    }

    /** The branch globs as a list. */
    public List<String> branchPatterns() {
        return split(branches);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Util.fixEmptyAndTrim(credentialsId);
    }

    /** User or group ids allowed to deploy (comma separated); empty: anyone with the Jitploy/Deploy permission. */
    public String getDeployers() {
        return deployers;
    }

    @DataBoundSetter
    public void setDeployers(String deployers) {
        this.deployers = Util.fixEmptyAndTrim(deployers);
    }

    public String getPromoters() {
        return promoters;
    }

    @DataBoundSetter
    public void setPromoters(String promoters) {
        this.promoters = Util.fixEmptyAndTrim(promoters);
    }

    public String getLockers() {
        return lockers;
    }

    @DataBoundSetter
    public void setLockers(String lockers) {
        this.lockers = Util.fixEmptyAndTrim(lockers);
    }

    public int getRequiredApprovals() {
        return requiredApprovals;
    }

    @DataBoundSetter
    public void setRequiredApprovals(int requiredApprovals) {
        this.requiredApprovals = Math.max(0, requiredApprovals);
    }

    public List<FreezeDefinition> getFreezes() {
        return freezes == null ? Collections.emptyList() : Collections.unmodifiableList(freezes);
    }

    @DataBoundSetter
    public void setFreezes(List<FreezeDefinition> freezes) {
        this.freezes = freezes == null ? new ArrayList<>() : new ArrayList<>(freezes);
    }

    public String getHealthCheckUrl() {
        return healthCheckUrl;
    }

    @DataBoundSetter
    public void setHealthCheckUrl(String healthCheckUrl) {
        this.healthCheckUrl = Util.fixEmptyAndTrim(healthCheckUrl);
    }

    public int getHealthCheckStatus() {
        return healthCheckStatus;
    }

    @DataBoundSetter
    public void setHealthCheckStatus(int healthCheckStatus) {
        this.healthCheckStatus = healthCheckStatus <= 0 ? 200 : healthCheckStatus;
    }

    public boolean isAutoRollback() {
        return autoRollback;
    }

    @DataBoundSetter
    public void setAutoRollback(boolean autoRollback) {
        this.autoRollback = autoRollback;
    }

    public String getUrl() {
        return url;
    }

    @DataBoundSetter
    public void setUrl(String url) {
        this.url = Util.fixEmptyAndTrim(url);
    }

    public String getPromoteFrom() {
        return promoteFrom;
    }

    /** The environment this one is promoted from; when set it wins over the repository's {@code promote_from}. */
    @DataBoundSetter
    public void setPromoteFrom(String promoteFrom) {
        this.promoteFrom = Util.fixEmptyAndTrim(promoteFrom);
    }

    /** XStream leaves fields of older configurations null; normalise them. */
    private Object readResolve() {
        if (freezes == null) {
            freezes = new ArrayList<>();
        }
        if (healthCheckStatus <= 0) {
            healthCheckStatus = 200;
        }
        return this;
    }

    static List<String> split(@CheckForNull String list) {
        if (list == null) {
            return List.of();
        }
        return Arrays.stream(list.split("[,\\n]"))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    /** Form validation only answers users who could save the form, so it leaks nothing to others. */
    static boolean mayConfigure(@CheckForNull Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
    }

    static FormValidation checkDuration(String value) {
        String text = Util.fixEmptyAndTrim(value);
        if (text == null) {
            return FormValidation.ok();
        }
        try {
            Duration duration = FolderEnvironments.parseDuration(text);
            return duration.isNegative() || duration.isZero()
                    ? FormValidation.error(Messages.Validation_durationInvalid())
                    : FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(Messages.Validation_durationInvalid());
        }
    }

    /** Secret text holds an age identity, Secret file an OpenPGP secret key; nothing else can be an environment key. */
    static CredentialsMatcher environmentKeys() {
        return CredentialsMatchers.anyOf(
                CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(FileCredentials.class));
    }

    @Extension
    @Symbol("environment")
    public static final class DescriptorImpl extends Descriptor<EnvironmentDefinition> {
        @Override
        public String getDisplayName() {
            return Messages.EnvironmentDefinition_displayName();
        }

        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String name = Util.fixEmptyAndTrim(value);
            if (name == null) {
                return FormValidation.error(Messages.Validation_nameRequired());
            }
            return EnvironmentNames.isValid(name)
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.Validation_nameInvalid());
        }

        @POST
        public FormValidation doCheckPromoteFrom(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String source = Util.fixEmptyAndTrim(value);
            // Whether it names an environment is checked where every environment is known: when a deploy merges the
            // folder's settings with the repository's .jitploy.yml.
            return source == null || EnvironmentNames.isValid(source)
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.Validation_nameInvalid());
        }

        @POST
        public FormValidation doCheckBranches(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            return split(value).isEmpty()
                    ? FormValidation.warning(Messages.Validation_branchesEmpty())
                    : FormValidation.ok();
        }

        @POST
        public FormValidation doCheckCredentialsId(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String id = Util.fixEmptyAndTrim(value);
            if (id == null) {
                return FormValidation.warning(Messages.Validation_credentialsRequired());
            }
            return CredentialChoices.offers(environmentKeyOptions(item), id)
                    ? FormValidation.ok()
                    : FormValidation.error(Messages.Validation_credentialsNotFound());
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return mayConfigure(item)
                    ? CredentialChoices.forConfigurer(environmentKeyOptions(item), credentialsId)
                    : CredentialChoices.savedOnly(credentialsId);
        }

        /**
         * Credentials a build in this context may use, looked up as the system as credentials-binding does: the
         * build runs as the system unless an authorization plugin says otherwise.
         */
        private static ListBoxModel environmentKeyOptions(@CheckForNull Item item) {
            StandardListBoxModel model = new StandardListBoxModel();
            if (item == null) {
                model.includeMatchingAs(
                        ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, List.of(), environmentKeys());
            } else {
                model.includeMatchingAs(ACL.SYSTEM2, item, StandardCredentials.class, List.of(), environmentKeys());
            }
            return model;
        }

        @POST
        public FormValidation doCheckHealthCheckUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return checkUrl(item, value);
        }

        @POST
        public FormValidation doCheckUrl(@AncestorInPath Item item, @QueryParameter String value) {
            return checkUrl(item, value);
        }

        @POST
        public FormValidation doCheckRequiredApprovals(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String text = Util.fixEmptyAndTrim(value);
            if (text == null) {
                return FormValidation.ok();
            }
            try {
                return Integer.parseInt(text) < 0
                        ? FormValidation.error(Messages.Validation_approvalsNegative())
                        : FormValidation.ok();
            } catch (NumberFormatException e) {
                return FormValidation.error(Messages.Validation_approvalsNegative());
            }
        }

        private static FormValidation checkUrl(Item item, String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String text = Util.fixEmptyAndTrim(value);
            if (text == null) {
                return FormValidation.ok();
            }
            try {
                URI uri = new URI(text);
                String scheme = uri.getScheme();
                return ("http".equals(scheme) || "https".equals(scheme)) && uri.getHost() != null
                        ? FormValidation.ok()
                        : FormValidation.error(Messages.Validation_urlInvalid());
            } catch (URISyntaxException e) {
                return FormValidation.error(Messages.Validation_urlInvalid());
            }
        }
    }
}
