package io.jenkins.plugins.jitploy.releases;

import hudson.model.InvisibleAction;
import io.jitploy.ledger.Trigger;

/**
 * Marks a build that deployed, with the ledger's release id: links build to release for the Releases view and the
 * REST endpoint. Ids and names only; stored in build.xml.
 */
public final class ReleaseAction extends InvisibleAction {
    private final String releaseId;
    private final String application;
    private final String environment;
    private final Trigger trigger;

    public ReleaseAction(String releaseId, String application, String environment, Trigger trigger) {
        this.releaseId = releaseId;
        this.application = application;
        this.environment = environment;
        this.trigger = trigger;
    }

    public String getReleaseId() {
        return releaseId;
    }

    public String getApplication() {
        return application;
    }

    public String getEnvironment() {
        return environment;
    }

    public Trigger getTrigger() {
        return trigger;
    }
}
