package io.jenkins.plugins.jitploy.folder;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.jitploy.Messages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Environments that apply wherever no folder declares any: the controller-wide defaults. Configurable on the
 * system configuration page and with JCasC ({@code unclassified: jitploy: environments: ...}).
 */
@Extension
@Symbol("jitploy")
public class JitployGlobalConfiguration extends GlobalConfiguration {
    private List<EnvironmentDefinition> environments = new ArrayList<>();

    public JitployGlobalConfiguration() {
        load();
    }

    public static JitployGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(JitployGlobalConfiguration.class);
    }

    public List<EnvironmentDefinition> getEnvironments() {
        return environments == null ? List.of() : Collections.unmodifiableList(environments);
    }

    @DataBoundSetter
    public void setEnvironments(List<EnvironmentDefinition> environments) {
        this.environments = environments == null ? new ArrayList<>() : new ArrayList<>(environments);
        save();
    }

    /**
     * A submitted form without entries means no environments. bindJSON calls no setter then, so neither would the
     * empty list be applied nor saved: clear first, save after. Environments every deploy would fail on are refused
     * (form validation only warns), and the saved ones stay.
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<EnvironmentDefinition> saved = environments;
        environments = new ArrayList<>();
        boolean result = super.configure(req, json);
        try {
            FolderEnvironments.check(environments);
        } catch (IllegalArgumentException e) {
            environments = saved;
            save();
            throw new FormException(e.getMessage(), "environments");
        }
        save();
        return result;
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return Messages.JitployGlobalConfiguration_displayName();
    }
}
