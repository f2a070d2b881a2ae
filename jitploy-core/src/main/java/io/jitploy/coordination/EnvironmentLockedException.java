package io.jitploy.coordination;

/** The environment is locked by someone else: returned to fail-fast deploys and to a second {@code lock}. */
public final class EnvironmentLockedException extends CoordinationException {
    private static final long serialVersionUID = 1L;
    private final transient EnvironmentLock lock;

    EnvironmentLockedException(EnvironmentLock lock, String description, String whatToDo) {
        super(lock.key() + " is " + description + ". " + whatToDo);
        this.lock = lock;
    }

    /** The lock in force when the request was refused. */
    public EnvironmentLock lock() {
        return lock;
    }
}
