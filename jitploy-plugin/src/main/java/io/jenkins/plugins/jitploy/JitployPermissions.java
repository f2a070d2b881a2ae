package io.jenkins.plugins.jitploy;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Item;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;

/**
 * Jenkins permissions for deployment actions, grantable per folder or job. Who may act on which environment in
 * more detail (named deployers, promoters, lockers, approvals) is the core's protection policy; these permissions
 * are the Jenkins gate in front of it.
 */
public final class JitployPermissions {
    /** The permission group shown in matrix authorization. */
    public static final PermissionGroup GROUP =
            new PermissionGroup("Jitploy", JitployPermissions.class, Messages._JitployPermissions_group());

    /** Deploy a build to an environment; implied by Build, since a build that deploys is a build. */
    public static final Permission DEPLOY =
            new Permission(GROUP, "Deploy", Messages._JitployPermissions_deploy(), Item.BUILD, PermissionScope.ITEM);

    /** Promote or roll back a release; implied by Configure. */
    public static final Permission PROMOTE = new Permission(
            GROUP, "Promote", Messages._JitployPermissions_promote(), Item.CONFIGURE, PermissionScope.ITEM);

    /** Lock or unlock an environment; implied by Configure. */
    public static final Permission LOCK =
            new Permission(GROUP, "Lock", Messages._JitployPermissions_lock(), Item.CONFIGURE, PermissionScope.ITEM);

    private JitployPermissions() {}

    /**
     * Loads this class when Jenkins starts (as workflow-cps does for its Replay permission). A {@link PermissionGroup}
     * exists only once its class is initialised, and nothing else touches this class before a Jitploy step runs:
     * without this the matrix authorization page would not offer the Jitploy permissions after a restart.
     */
    @Initializer(after = InitMilestone.PLUGINS_STARTED, before = InitMilestone.EXTENSIONS_AUGMENTED)
    public static void register() {
        // Calling a static method initialises the class, which creates and registers the group and permissions.
    }
}
