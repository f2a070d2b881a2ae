package io.jenkins.plugins.jitploy.folder;

import hudson.Extension;
import hudson.Util;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.jitploy.Messages;
import io.jitploy.config.CronExpression;
import java.time.DateTimeException;
import java.time.ZoneId;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A recurring freeze: deploys that would start inside it wait until it lifts. Same fields as a {@code freeze:}
 * entry of {@code .jitploy.yml}; the core turns them into a {@code FreezeSchedule}.
 */
public final class FreezeDefinition implements Describable<FreezeDefinition> {
    private final String cron;
    private final String duration;
    private String timezone = "UTC";
    private String reason;

    @DataBoundConstructor
    public FreezeDefinition(String cron, String duration) {
        this.cron = Util.fixEmptyAndTrim(cron);
        this.duration = Util.fixEmptyAndTrim(duration);
    }

    public String getCron() {
        return cron;
    }

    public String getDuration() {
        return duration;
    }

    public String getTimezone() {
        return timezone;
    }

    @DataBoundSetter
    public void setTimezone(String timezone) {
        String value = Util.fixEmptyAndTrim(timezone);
        this.timezone = value == null ? "UTC" : value;
    }

    public String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    @Extension
    @Symbol("freeze")
    public static final class DescriptorImpl extends Descriptor<FreezeDefinition> {
        @Override
        public String getDisplayName() {
            return Messages.FreezeDefinition_displayName();
        }

        @POST
        public FormValidation doCheckTimezone(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String zone = Util.fixEmptyAndTrim(value);
            if (zone == null) {
                return FormValidation.ok();
            }
            try {
                ZoneId.of(zone);
                return FormValidation.ok();
            } catch (DateTimeException e) {
                return FormValidation.error(Messages.Validation_zoneInvalid());
            }
        }

        /** Only users who could save the form get answers (same rule as the environment form). */
        private static boolean mayConfigure(Item item) {
            return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER) : item.hasPermission(Item.CONFIGURE);
        }

        /** The core's cron parser decides; its message names the bad field and what it accepts. */
        @POST
        public FormValidation doCheckCron(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            String text = Util.fixEmptyAndTrim(value);
            if (text == null) {
                return FormValidation.error(Messages.Validation_cronRequired());
            }
            try {
                CronExpression.parse(text);
                return FormValidation.ok();
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }

        @POST
        public FormValidation doCheckDuration(@AncestorInPath Item item, @QueryParameter String value) {
            if (!mayConfigure(item)) {
                return FormValidation.ok();
            }
            return EnvironmentDefinition.checkDuration(value);
        }
    }
}
