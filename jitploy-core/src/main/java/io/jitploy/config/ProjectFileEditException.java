package io.jitploy.config;

/** A requested edit of {@code .jitploy.yml} cannot be made; the message says why and what to do instead. */
public final class ProjectFileEditException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProjectFileEditException(String message) {
        super(message);
    }
}
