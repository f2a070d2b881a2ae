package io.jitploy.events;

/** What happened to an environment. Views, notifications and the GitHub integration react to these. */
public enum EventType {
    QUEUED,
    STARTED,
    SUCCEEDED,
    FAILED,
    ABORTED,
    SUPERSEDED,
    PROMOTED,
    ROLLED_BACK,
    MARKED_BAD,
    LOCKED,
    UNLOCKED,
    FREEZE_STARTED,
    FREEZE_ENDED
}
