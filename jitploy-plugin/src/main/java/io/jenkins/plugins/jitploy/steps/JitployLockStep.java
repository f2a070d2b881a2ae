package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Cause;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.JitployPermissions;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.Messages;
import io.jenkins.plugins.jitploy.access.EnvironmentGuard;
import io.jenkins.plugins.jitploy.folder.FolderEnvironments;
import io.jitploy.coordination.CoordinationException;
import io.jitploy.coordination.EnvironmentKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;
import org.jenkinsci.plugins.workflow.steps.GeneralNonBlockingStepExecution;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * Locks an environment so that deploys queue behind the lock:
 *
 * <ul>
 *   <li>{@code jitployLock(environment: 'production', reason: 'db migration') { ... }} holds it for the block, and
 *       releases it when the block ends, even after a controller restart (the lock lives in the engine's store);
 *   <li>without a body (Pipeline only reaches that through {@link JitploySetLockStep} and {@link JitployUnlockStep},
 *       because it refuses a block step called without a block), a lock that outlives the build, until it
 *       {@code expires} or a {@code release} removes it.
 * </ul>
 */
public final class JitployLockStep extends Step {
    /** Set inside a lock block: the {@code application/environment} it holds, and the lock's owner. */
    static final String HELD_LOCK = "JITPLOY_LOCK";

    static final String HELD_LOCK_OWNER = "JITPLOY_LOCK_OWNER";

    private final String environment;
    private String reason;
    private String expires;
    private boolean release;
    private String application;

    @DataBoundConstructor
    public JitployLockStep(String environment) {
        this.environment = Util.fixEmptyAndTrim(environment);
    }

    public String getEnvironment() {
        return environment;
    }

    public @CheckForNull String getReason() {
        return reason;
    }

    @DataBoundSetter
    public void setReason(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    /** For a lock without a block: how long it lasts, e.g. {@code 30m} or {@code 2h}; empty: until released. */
    public @CheckForNull String getExpires() {
        return expires;
    }

    @DataBoundSetter
    public void setExpires(String expires) {
        this.expires = Util.fixEmptyAndTrim(expires);
    }

    /** Remove the lock instead of setting it. */
    public boolean isRelease() {
        return release;
    }

    @DataBoundSetter
    public void setRelease(boolean release) {
        this.release = release;
    }

    /** The application whose environment is locked; defaults to the one the build deploys. */
    public @CheckForNull String getApplication() {
        return application;
    }

    @DataBoundSetter
    public void setApplication(String application) {
        this.application = Util.fixEmptyAndTrim(application);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        if (environment == null) {
            throw new AbortException("jitployLock needs environment:, for example"
                    + " jitployLock(environment: 'production', reason: 'db migration') { ... }");
        }
        Optional<Duration> lifetime = parseExpires(expires);
        if (release && (reason != null || expires != null)) {
            throw new AbortException("jitployLock(release: true) removes a lock; drop reason: and expires:.");
        }
        return new Execution(context, this, lifetime.map(Duration::toString).orElse(null));
    }

    static Optional<Duration> parseExpires(String text) throws AbortException {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(FolderEnvironments.parseDuration(text));
        } catch (IllegalArgumentException e) {
            throw new AbortException("expires: '" + text + "' is not a duration; use for example 30m, 2h or 1h30m.");
        }
    }

    private static String lastingOwner(Run<?, ?> build) {
        Cause.UserIdCause cause = build.getCause(Cause.UserIdCause.class);
        return cause != null && cause.getUserId() != null
                ? cause.getUserId()
                : "job " + build.getParent().getFullName();
    }

    static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        private final String environment;
        private final String reason;
        private final String lifetime;
        private final boolean release;
        private final String requestedApplication;
        private String application;
        private String owner;

        Execution(StepContext context, JitployLockStep step, String lifetime) {
            super(context);
            this.environment = step.environment;
            this.reason = step.reason;
            this.lifetime = lifetime;
            this.release = step.release;
            this.requestedApplication = step.application;
        }

        @Override
        public boolean start() {
            run(this::lockOrUnlock);
            return false;
        }

        private void lockOrUnlock() throws Exception {
            StepContext context = getContext();
            Run<?, ?> build = context.get(Run.class);
            TaskListener listener = context.get(TaskListener.class);
            build.getParent().checkPermission(JitployPermissions.LOCK);
            ProjectContext project =
                    ProjectContext.load(build, context.get(FilePath.class), context.get(EnvVars.class));
            application = requestedApplication != null ? requestedApplication : project.application;
            // The environment's lockers (else deployers), from the workspace's .jitploy.yml under the folder's.
            EnvironmentGuard.checkLock(build, project.config.environment(environment), release);
            EnvironmentKey key = new EnvironmentKey(application, environment);
            JitployRuntime runtime = JitployRuntime.of(build.getParent());
            boolean block = context.hasBody();
            // A block's lock belongs to the build; a lasting lock to whoever set it (the user who started the
            // build, else the job), so that a later build of the same job or the same user can release it.
            owner = block ? "build " + build.getExternalizableId() : lastingOwner(build);
            try {
                if (release) {
                    boolean wasLocked = runtime.coordinator().unlock(key, owner);
                    listener.getLogger()
                            .println("[jitploy] " + (wasLocked ? "Unlocked " : "Was not locked: ") + application + "/"
                                    + environment);
                    context.onSuccess(null);
                    return;
                }
                Optional<Instant> expiry = block || lifetime == null
                        ? Optional.empty()
                        : Optional.of(Instant.now().plus(Duration.parse(lifetime)));
                runtime.coordinator().lock(key, reason == null ? "locked by " + owner : reason, owner, expiry);
                listener.getLogger()
                        .println("[jitploy] Locked " + application + "/" + environment
                                + (reason == null ? "" : " (" + reason + ")")
                                + expiry.map(t -> " until " + t).orElse(block ? " for this block" : " until released"));
            } catch (CoordinationException e) {
                // Locked by someone else, or not the owner: the core says who holds it and since when.
                throw new AbortException(e.getMessage());
            }
            if (!block) {
                context.onSuccess(null);
                return;
            }
            context.saveState();
            // Deploys inside the block deploy as the lock's holder, so that the lock holds others but not them.
            context.newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(
                            context.get(EnvironmentExpander.class),
                            EnvironmentExpander.constant(
                                    Map.of(HELD_LOCK, application + "/" + environment, HELD_LOCK_OWNER, owner))))
                    .withCallback(new Unlock())
                    .start();
        }

        /** Releases the block's lock when the block ends, however it ends. */
        private final class Unlock extends TailCall {
            private static final long serialVersionUID = 1L;

            @Override
            protected void finished(StepContext context) throws Exception {
                JitployRuntime.of(context.get(Run.class).getParent())
                        .coordinator()
                        .unlock(new EnvironmentKey(application, environment), owner);
                context.get(TaskListener.class)
                        .getLogger()
                        .println("[jitploy] Unlocked " + application + "/" + environment);
            }
        }

        @Override
        public String getStatus() {
            return owner == null ? super.getStatus() : "holding the lock of " + application + "/" + environment;
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "jitployLock";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return Messages.JitployLockStep_displayName();
        }

        /** The block is optional: without one the lock outlives the build. */
        @Override
        public boolean takesImplicitBlockArgument() {
            return true;
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
