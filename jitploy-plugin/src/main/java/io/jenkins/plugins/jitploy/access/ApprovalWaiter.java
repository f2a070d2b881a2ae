package io.jenkins.plugins.jitploy.access;

import hudson.model.Run;

/** A step execution that waits for approvals; {@link ApprovalAction} wakes it when someone approves. */
public interface ApprovalWaiter {
    /** Someone approved a deploy of {@code build}: check again (the approvals are saved on the build). */
    void approvalGiven(Run<?, ?> build);
}
