package io.jitploy.cli;

/**
 * A problem the user can fix, with the exit code it maps to (see {@link ExitCodes}). The message says what is
 * wrong and what to do; it is printed without a stack trace.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static CliException config(String message) {
        return new CliException(ExitCodes.CONFIG, message);
    }

    static CliException key(String message) {
        return new CliException(ExitCodes.KEY, message);
    }

    static CliException file(String message) {
        return new CliException(ExitCodes.FILE, message);
    }
}
