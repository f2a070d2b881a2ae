package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Cause;
import hudson.model.Computer;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.jenkins.plugins.jitploy.JitployPermissions;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.Messages;
import io.jenkins.plugins.jitploy.access.EnvironmentGuard;
import io.jenkins.plugins.jitploy.folder.FolderEnvironments;
import io.jitploy.coordination.CoordinationException;
import io.jitploy.coordination.EnvironmentKey;
import io.jitploy.coordination.OrphanedLocks;
import io.jitploy.coordination.ScopedLock;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jenkinsci.plugins.workflow.steps.BodyExecutionCallback;
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
    private static final Logger LOGGER = Logger.getLogger(JitployLockStep.class.getName());

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
        if (context.hasBody() && (release || expires != null)) {
            // Silently ignoring them would leave the user believing the lock lasts, or was removed.
            throw new AbortException("jitployLock { ... } holds the lock for its block only; drop "
                    + (release ? "release:" : "expires:")
                    + " from it. For a lock that outlives the build use jitploySetLock(environment: '" + environment
                    + "', expires: '2h'), and to remove one jitployUnlock(environment: '" + environment + "').");
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

    /** Who holds the lock of a {@code jitployLock} block: the build, by its externalizable id. */
    static String blockOwner(Run<?, ?> build) {
        return OrphanedLocks.blockOwner(build.getExternalizableId());
    }

    /**
     * Sets, removes or holds the lock. A block's lock is a {@link ScopedLock}: {@link #stop} releases it in whatever
     * phase the step is (taking the lock, about to start the body, running it), a lock taken after {@code stop} is
     * released at once, and {@link #onResume} checks with the engine whether the build still holds it. A build that
     * ends any other way (killed, or not resumable after a restart) is swept by {@link EndedBuildLocks}.
     */
    static final class Execution extends GeneralNonBlockingStepExecution {
        private static final long serialVersionUID = 1L;

        private final String environment;
        private final String reason;
        private final String lifetime;
        private final boolean release;
        private final String requestedApplication;
        private String application;
        private String owner;
        /**
         * Names this block's hold on the lock, saved with the step: a block nested in another block of the same
         * build joins the outer block's lock, and only the last block to end releases it (after a restart too).
         * Null in a step saved before blocks were named.
         */
        private final String scopeName = UUID.randomUUID().toString();
        /** Set when the body is launched, on the CPS VM thread: the saved program and this flag always agree. */
        private boolean bodyStarted;
        /**
         * Set when the body ended, on the CPS VM thread, with its outcome; saved before the lock is released and the
         * step completed off that thread, so that a restart in between completes the step ({@link #onResume}).
         */
        private boolean bodyEnded;

        private Object bodyResult;
        private Throwable bodyFailure;

        private transient ScopedLock scope;
        private transient boolean stopping;

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
            owner = block ? blockOwner(build) : lastingOwner(build);
            String why = reason == null ? "locked by " + owner : reason;
            try {
                if (block) {
                    holdForBlock(runtime, key, why, listener);
                    return;
                }
                if (release) {
                    boolean wasLocked = runtime.coordinator().unlock(key, owner);
                    listener.getLogger()
                            .println("[jitploy] " + (wasLocked ? "Unlocked " : "Was not locked: ") + application + "/"
                                    + environment);
                    context.onSuccess(null);
                    return;
                }
                Optional<Instant> expiry = lifetime == null
                        ? Optional.empty()
                        : Optional.of(Instant.now().plus(Duration.parse(lifetime)));
                runtime.coordinator().lock(key, why, owner, expiry);
                listener.getLogger()
                        .println("[jitploy] Locked " + application + "/" + environment
                                + (reason == null ? "" : " (" + reason + ")")
                                + expiry.map(t -> " until " + t).orElse(" until released"));
            } catch (CoordinationException e) {
                // Locked by someone else, or not the owner: the core says who holds it and since when.
                throw new AbortException(e.getMessage());
            }
            context.onSuccess(null);
        }

        private void holdForBlock(JitployRuntime runtime, EnvironmentKey key, String why, TaskListener listener)
                throws Exception {
            ScopedLock lock = newScope(runtime, key);
            if (!lock.acquire(why)) {
                // stop() came first, or while the lock was taken: it is released, and stop() failed the step.
                listener.getLogger()
                        .println("[jitploy] Stopped while locking " + application + "/" + environment
                                + "; the lock is not held");
                return;
            }
            listener.getLogger()
                    .println(
                            lock.joinedOtherScope()
                                    ? "[jitploy] " + application + "/" + environment
                                            + " is already locked by another jitployLock block of this build;"
                                            + " this block shares that lock"
                                    : "[jitploy] Locked " + application + "/" + environment
                                            + (reason == null ? "" : " (" + reason + ")") + " for this block");
            if (lock.isStopped() || isStopping()) {
                return; // stopped since: stop() releases the lock and fails the step
            }
            startBody();
        }

        private synchronized boolean isStopping() {
            return stopping;
        }

        private synchronized ScopedLock newScope(JitployRuntime runtime, EnvironmentKey key) {
            scope = new ScopedLock(runtime.coordinator(), key, owner, scopeName());
            if (stopping) {
                scope.stop(); // acquire() will then take nothing
            }
            return scope;
        }

        /** The block's lock as this JVM knows it; after a restart, as the engine's restored state says. */
        private synchronized ScopedLock scope(Run<?, ?> build) {
            if (scope == null) {
                scope = ScopedLock.resume(
                        JitployRuntime.of(build.getParent()).coordinator(),
                        new EnvironmentKey(application, environment),
                        owner,
                        scopeName());
            }
            return scope;
        }

        private String scopeName() {
            // A block saved before blocks were named took its lock without a scope, which any of its scopes releases.
            return scopeName != null ? scopeName : "unnamed block";
        }

        private void startBody() throws Exception {
            StepContext context = getContext();
            // Deploys inside the block deploy as the lock's holder, so that the lock holds others but not them.
            context.newBodyInvoker()
                    .withContext(EnvironmentExpander.merge(
                            context.get(EnvironmentExpander.class),
                            EnvironmentExpander.constant(
                                    Map.of(HELD_LOCK, application + "/" + environment, HELD_LOCK_OWNER, owner))))
                    .withCallback(new Unlock())
                    .start();
        }

        /**
         * Aborted: releases the lock whatever the phase (being taken: as soon as it is taken), then fails the step
         * (the base class also cancels a lock being taken, and the body, if it runs, ends with the build). This runs on
         * the CPS VM thread, so only the flag is set here: from now on no body starts and a lock taken later is
         * released at once; opening the store and releasing the lock (a write) happen on a pool thread, which fails
         * the step once the lock is released.
         */
        @Override
        public void stop(Throwable cause) throws Exception {
            boolean release;
            synchronized (this) {
                stopping = true;
                // Only a block's lock: a lasting lock (no body) is meant to outlive the build.
                release = scope != null || (getContext().hasBody() && owner != null && application != null);
            }
            if (!release) {
                super.stop(cause);
                return;
            }
            Computer.threadPoolForRemoting.execute(() -> {
                try {
                    releaseOnStop();
                } finally {
                    stopStep(cause);
                }
            });
        }

        private void releaseOnStop() {
            try {
                ScopedLock lock;
                synchronized (this) {
                    lock = scope;
                }
                report((lock != null ? lock : scope(getContext().get(Run.class))).stop());
            } catch (IOException | InterruptedException | RuntimeException e) {
                // The build's end releases it anyway (EndedBuildLocks).
                LOGGER.log(Level.WARNING, "Could not release the lock of " + application + "/" + environment, e);
            }
        }

        private void stopStep(Throwable cause) {
            try {
                super.stop(cause);
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "Could not stop jitployLock on " + application + "/" + environment, e);
            }
        }

        /**
         * After a restart: a body that had ended completes the step (releasing the lock first); a body that was
         * running goes on (the lock is still the build's, unless it was stolen or
         * expired meanwhile); a body that had not started starts if the engine says the build holds the lock, and
         * otherwise the lock is taken again from scratch; a build that is no longer running gives the lock back.
         */
        @Override
        public void onResume() {
            if (!getContext().hasBody()) {
                super.onResume(); // a lasting lock: fails the step if it was cut short
                return;
            }
            if (hasBodyEnded()) {
                // The block ended before the restart; its lock release and the step's completion were still to come.
                Computer.threadPoolForRemoting.execute(() -> endBlock(getContext()));
                return;
            }
            try (ACLContext ignored = ACL.as2(BuildAuthentication.of(getContext()))) {
                run(this::reconcile);
            }
        }

        private void reconcile() throws Exception {
            StepContext context = getContext();
            Run<?, ?> build = context.get(Run.class);
            if (owner == null || application == null) {
                lockOrUnlock(); // cut short before the lock was asked for
                return;
            }
            ScopedLock lock = scope(build);
            if (!build.isBuilding()) {
                lock.stop();
                return;
            }
            PrintStream log = context.get(TaskListener.class).getLogger();
            if (bodyStarted) {
                if (!lock.isHeld()) {
                    log.println("[jitploy] After the restart, " + application + "/" + environment
                            + " is no longer locked by this build (stolen, or unlocked meanwhile); the block goes on");
                }
                return;
            }
            if (lock.isHeld() && !isStopping()) {
                log.println("[jitploy] Still holding the lock of " + application + "/" + environment
                        + " after the restart; starting the block");
                startBody();
                return;
            }
            lockOrUnlock();
        }

        private void report(ScopedLock.Released released) {
            String where = application + "/" + environment;
            String message =
                    switch (released) {
                        case RELEASED -> "Unlocked " + where;
                        case TAKEN_OVER -> "Left the lock of " + where + " to whoever took it over";
                        case KEPT_FOR_OTHER_SCOPE ->
                            "Left " + where + " locked for another jitployLock block of this build";
                        case RELEASED_WHEN_TAKEN -> "Stopped while locking " + where + "; released once taken";
                        case NOT_HELD -> null;
                    };
            if (message == null) {
                return;
            }
            try {
                getContext().get(TaskListener.class).getLogger().println("[jitploy] " + message);
            } catch (IOException | InterruptedException | RuntimeException e) {
                LOGGER.log(Level.FINE, message, e); // the lock matters, not the log line
            }
        }

        private synchronized boolean hasBodyEnded() {
            return bodyEnded;
        }

        /** The block ended (and that is saved): releases its lock, then completes the step as the block ended. */
        private void endBlock(StepContext context) {
            try {
                report(scope(context.get(Run.class)).release());
            } catch (IOException | InterruptedException | RuntimeException e) {
                // The build's end releases it anyway (EndedBuildLocks).
                LOGGER.log(Level.WARNING, "Could not release the lock of " + application + "/" + environment, e);
            }
            Object result;
            Throwable failure;
            synchronized (this) {
                result = bodyResult;
                failure = bodyFailure;
            }
            if (failure != null) {
                context.onFailure(failure);
            } else {
                context.onSuccess(result);
            }
        }

        /**
         * Releases the block's lock when the block ends, however it ends. Not the base class's {@code TailCall}: that
         * does nothing once {@link #stop} ran, which would leave the lock to the build's end. The end is recorded and
         * saved first (the lock's release writes the store, so it runs off the CPS VM thread), as {@code
         * GeneralNonBlockingStepExecution} saves the name of its thread: a restart before the step completes then
         * completes it, instead of waiting for a block that is over.
         */
        private final class Unlock extends BodyExecutionCallback {
            private static final long serialVersionUID = 1L;

            @Override
            public void onStart(StepContext context) {
                bodyStarted = true;
            }

            @Override
            public void onSuccess(StepContext context, Object result) {
                ended(context, result, null);
            }

            @Override
            public void onFailure(StepContext context, Throwable t) {
                ended(context, null, t);
            }

            private void ended(StepContext context, Object result, Throwable failure) {
                synchronized (Execution.this) {
                    bodyEnded = true;
                    bodyResult = result;
                    bodyFailure = failure;
                }
                // Whether the save worked or not: the lock must not wait for it.
                getContext().saveState().addListener(() -> endBlock(context), Computer.threadPoolForRemoting);
            }
        }

        @Override
        public String getStatus() {
            ScopedLock lock;
            synchronized (this) {
                if (bodyEnded) {
                    return "block ended; releasing the lock of " + application + "/" + environment;
                }
                lock = scope;
            }
            return lock != null && lock.isHeld()
                    ? "holding the lock of " + application + "/" + environment
                    : super.getStatus();
        }
    }

    /**
     * Releases the locks of {@code jitployLock} blocks a build still holds when it ends: killed, or not resumable
     * after a restart, the block's own release never ran. A build that died with the controller is marked finished
     * when loaded without this being called: the startup sweep ({@code OrphanedDeploys}) releases its locks.
     */
    @Extension
    public static final class EndedBuildLocks extends RunListener<Run<?, ?>> {
        @Override
        public void onFinalized(Run<?, ?> run) {
            JitployRuntime.existing(run.getParent()).ifPresent(runtime -> {
                for (EnvironmentKey key : runtime.coordinator().unlockAllHeldBy(blockOwner(run))) {
                    LOGGER.info(() -> "Released the lock of " + key + " that " + run + " still held when it ended");
                }
            });
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
