package io.jenkins.plugins.jitploy.credentials;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import io.jitploy.envfile.pgp.PgpKeyFormat;

/**
 * Registers the OpenPGP key format with the core once, before builds can run, so that a Secret file holding an
 * armored OpenPGP secret key works as an environment key next to age identities.
 */
public final class KeyFormatsSetup {
    private KeyFormatsSetup() {}

    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static void registerOpenPgp() {
        PgpKeyFormat.install();
    }
}
