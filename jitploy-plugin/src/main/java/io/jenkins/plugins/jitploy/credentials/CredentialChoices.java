package io.jenkins.plugins.jitploy.credentials;

import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.Util;
import hudson.util.ListBoxModel;

/**
 * The credential dropdowns of the folder forms: users who may configure the folder see the credentials a build there
 * may use; everyone else sees only the saved id, so that the form can be saved again without listing anything.
 */
public final class CredentialChoices {
    private CredentialChoices() {}

    /** "None", the {@code usable} credentials, and the saved id even if it is no longer among them. */
    public static ListBoxModel forConfigurer(ListBoxModel usable, @CheckForNull String saved) {
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeEmptyValue();
        model.addAll(usable);
        model.includeCurrentValue(Util.fixNull(saved));
        return model;
    }

    /** Only the saved id, for a user who may not configure the folder. */
    public static ListBoxModel savedOnly(@CheckForNull String saved) {
        return new StandardListBoxModel().includeCurrentValue(Util.fixNull(saved));
    }

    /** Whether {@code id} is one of the {@code usable} credentials. */
    public static boolean offers(ListBoxModel usable, String id) {
        return usable.stream().anyMatch(option -> id.equals(option.value));
    }
}
