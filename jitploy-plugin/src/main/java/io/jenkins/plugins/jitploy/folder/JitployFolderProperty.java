package io.jenkins.plugins.jitploy.folder;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.model.ItemGroup;
import io.jenkins.plugins.jitploy.Messages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Environments declared on a folder or multibranch project. The nearest folder that declares any environment wins
 * as a whole (no merging across folders), then the global configuration; the repository's {@code .jitploy.yml}
 * merges under the result with the core's precedence.
 */
public final class JitployFolderProperty extends AbstractFolderProperty<AbstractFolder<?>> {
    private final List<EnvironmentDefinition> environments;

    @DataBoundConstructor
    public JitployFolderProperty(List<EnvironmentDefinition> environments) {
        this.environments = environments == null ? new ArrayList<>() : new ArrayList<>(environments);
    }

    public List<EnvironmentDefinition> getEnvironments() {
        return Collections.unmodifiableList(environments);
    }

    /**
     * The environments that apply to an item: those of the nearest enclosing folder that declares some, else the
     * global ones.
     */
    public static @NonNull List<EnvironmentDefinition> effectiveFor(@CheckForNull Item item) {
        ItemGroup<?> start = item instanceof AbstractFolder<?> self ? self : item == null ? null : item.getParent();
        for (ItemGroup<?> group = start; group instanceof AbstractFolder<?> folder; group = folder.getParent()) {
            JitployFolderProperty property = folder.getProperties().get(JitployFolderProperty.class);
            if (property != null && !property.environments.isEmpty()) {
                return property.getEnvironments();
            }
        }
        return JitployGlobalConfiguration.get().getEnvironments();
    }

    @Extension
    @Symbol("jitploy")
    public static final class DescriptorImpl extends AbstractFolderPropertyDescriptor {
        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.JitployFolderProperty_displayName();
        }

        /**
         * Stores nothing when no environment is declared, so that untouched folders keep a clean config.xml; refuses
         * to save environments every deploy in the folder would fail on (form validation only warns).
         */
        @Override
        public AbstractFolderProperty<?> newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            JitployFolderProperty property = (JitployFolderProperty) super.newInstance(req, formData);
            if (property == null || property.environments.isEmpty()) {
                return null;
            }
            try {
                FolderEnvironments.check(property.environments);
            } catch (IllegalArgumentException e) {
                throw new FormException(e.getMessage(), "environments");
            }
            return property;
        }
    }
}
