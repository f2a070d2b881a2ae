package io.jenkins.plugins.jitploy.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.model.Cause;
import hudson.model.Run;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.releases.DeployTargetAction;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.deploy.DeployIntent;
import io.jitploy.ledger.Release;
import io.jitploy.ledger.Trigger;
import java.time.Instant;
import java.util.Locale;
import jenkins.model.Jenkins;

/**
 * The {@link DeployIntent} of one {@code jitployDeploy} to a resolved application and environment: what the step asks
 * for (version, supersede, failFast, forceChecks) with what the build says of itself (its trigger and user, the
 * release a promotion or rollback pins). Built alike when the deploy starts and when it resumes after a restart.
 */
final class DeployIntents {
    private final String application;
    private final String environment;
    private final String version;
    private final boolean supersede;
    private final boolean failFast;
    /** The reason to override red GitHub checks, or null; the engine records it, with who, on the release. */
    private final String forceChecks;

    DeployIntents(
            String application,
            String environment,
            String version,
            boolean supersede,
            boolean failFast,
            String forceChecks) {
        this.application = application;
        this.environment = environment;
        this.version = version;
        this.supersede = supersede;
        this.failFast = failFast;
        this.forceChecks = forceChecks;
    }

    /**
     * What {@code forceChecks} does to this deploy. The engine asks the GitHub gate only when the environment
     * requires checks, so elsewhere the override (and its reason) would silently do nothing: say so.
     */
    String forceNotice(DeployIntent intent, String releaseId) {
        if (intent.requiredChecks().isEmpty()) {
            return "[jitploy] forceChecks has no effect: " + environment + " requires no GitHub checks"
                    + " (github.required_contexts in " + ProjectContext.CONFIG_FILE + "), so nothing is overridden"
                    + " or recorded.";
        }
        String checks = String.join(", ", intent.requiredChecks().get());
        return "[jitploy] forceChecks: the GitHub checks [" + checks + "] will not stop this deploy, even if red;"
                + " release " + releaseId + " records that " + intent.user() + " forced it: " + forceChecks;
    }

    /** A promotion or rollback build must deploy exactly the release it was scheduled for. */
    static Release sourceRelease(JitployRuntime runtime, DeployTargetAction target, String sha) throws AbortException {
        String verb = target.getTrigger().name().toLowerCase(Locale.ROOT);
        Release source = runtime.ledger()
                .byId(target.getSourceReleaseId())
                .orElseThrow(() -> new AbortException(
                        "Release " + target.getSourceReleaseId() + " to " + verb + " is not in the ledger."));
        if (!sha.equals(source.sha())) {
            throw new AbortException("This build was scheduled to " + verb + " release " + source.id() + " (commit "
                    + source.sha() + ") but checked out " + sha + ". Promotion and rollback pin the revision in"
                    + " multibranch projects: use one, and `checkout scm` before jitployDeploy.");
        }
        return source;
    }

    DeployIntent intent(
            Run<?, ?> build,
            ProjectContext project,
            EnvironmentSpec spec,
            String sha,
            DeployTargetAction target,
            Release source,
            EnvVars env,
            Instant commitTime,
            ProjectContext.Decrypted decrypted) {
        String label = version != null ? version : source != null ? source.version() : sha;
        String rootUrl = Jenkins.get().getRootUrl();
        DeployIntent.Builder intent = DeployIntent.builder(application, environment, label, sha)
                .ref(project.branch)
                .buildUrl(rootUrl == null ? build.getUrl() : rootUrl + build.getUrl())
                .trigger(trigger(build, target))
                .user(user(build, target, env))
                .supersede(supersede)
                .failFast(failFast)
                .commitTime(commitTime)
                .configFingerprints(decrypted.fingerprints());
        spec.healthCheck().ifPresent(intent::healthCheck);
        spec.url().ifPresent(intent::environmentUrl);
        if (!spec.github().requiredContexts().isEmpty()) {
            intent.requiredChecks(spec.github().requiredContexts());
        }
        if (forceChecks != null) {
            intent.forceChecks(forceChecks); // the gate records it with the intent's user
        }
        if (target != null && target.getTrigger() == Trigger.PROMOTE) {
            intent.promotedFrom(target.getSourceReleaseId());
        } else if (target != null && target.getTrigger() == Trigger.ROLLBACK) {
            intent.rollbackOf(target.getSourceReleaseId());
        }
        return intent.build();
    }

    private static Trigger trigger(Run<?, ?> build, DeployTargetAction target) {
        if (target != null) {
            return target.getTrigger();
        }
        return build.getCause(Cause.UserIdCause.class) != null ? Trigger.MANUAL : Trigger.PUSH;
    }

    private String user(Run<?, ?> build, DeployTargetAction target, EnvVars env) {
        if ((application + "/" + environment).equals(env.get(JitployLockStep.HELD_LOCK))) {
            // Inside this build's own jitployLock block: deploy as the lock's holder, which the lock lets through.
            return env.get(JitployLockStep.HELD_LOCK_OWNER);
        }
        if (target != null && target.getRequestedBy() != null) {
            return target.getRequestedBy();
        }
        Cause.UserIdCause cause = build.getCause(Cause.UserIdCause.class);
        return cause != null && cause.getUserId() != null ? cause.getUserId() : "jenkins";
    }
}
