package io.jitploy.cli;

import io.jitploy.envfile.KeyFormatException;
import io.jitploy.envfile.MalformedEnvFileException;
import io.jitploy.envfile.TamperedFileException;
import io.jitploy.envfile.UnsupportedEnvFileException;
import io.jitploy.envfile.WrongKeyException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Exit codes of the {@code jitploy} command (documented in docs/cli.md), and the mapping from exceptions to them.
 * {@code jitploy run} exits with its child's exit code instead.
 */
public final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    /** Success. */
    public static final int OK = 0;
    /** {@code check} found a problem. */
    public static final int PROBLEM = 1;
    /** Wrong command line: unknown option, missing argument. */
    public static final int USAGE = 2;
    /** No key, wrong key, or a key that cannot be parsed. */
    public static final int KEY = 3;
    /** The encrypted file was modified: a value or the MAC does not authenticate. */
    public static final int TAMPERED = 4;
    /** {@code .jitploy.yml} is missing or invalid, or the environment is unknown. */
    public static final int CONFIG = 5;
    /** A file cannot be read, parsed or written (malformed env file, unsupported feature, I/O error). */
    public static final int FILE = 6;
    /** The editor or the command given to {@code run} could not be started. */
    public static final int COMMAND = 7;
    /** A bug in jitploy. */
    public static final int INTERNAL = 70;

    @Override
    public int getExitCode(Throwable exception) {
        return of(exception);
    }

    static int of(Throwable exception) {
        if (exception instanceof CliException cli) {
            return cli.exitCode();
        }
        if (exception instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (exception instanceof TamperedFileException) {
            return TAMPERED;
        }
        if (exception instanceof WrongKeyException
                || exception instanceof KeyFormatException
                || exception instanceof io.jitploy.envfile.pgp.PgpException) {
            return KEY;
        }
        if (exception instanceof MalformedEnvFileException
                || exception instanceof UnsupportedEnvFileException
                || exception instanceof IOException
                || exception instanceof UncheckedIOException) {
            return FILE;
        }
        if (exception instanceof io.jitploy.config.ConfigValidationException) {
            return CONFIG;
        }
        if (exception instanceof io.jitploy.envfile.EnvFileException) {
            return FILE;
        }
        return INTERNAL;
    }
}
