package io.jitploy.cli;

import io.jitploy.envfile.pgp.PgpKeyFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jitploy}: the developer CLI for encrypted per-environment config. One subcommand class per command; each is
 * a thin adapter over the core engine that returns an exit code ({@link ExitCodes}).
 */
@Command(
        name = "jitploy",
        mixinStandardHelpOptions = true,
        versionProvider = JitployCommand.Version.class,
        description = "Create keys and lock, unlock, edit and run with encrypted per-environment config files.",
        subcommands = {
            InitCommand.class,
            KeygenCommand.class,
            LockCommand.class,
            UnlockCommand.class,
            EditCommand.class,
            SetCommand.class,
            UnsetCommand.class,
            RotateCommand.class,
            RecipientsCommand.class,
            CheckCommand.class,
            EncryptCommand.class,
            DecryptCommand.class,
            RunCommand.class,
            DiffCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok, 1 problem found, 2 usage, 3 key, 4 tampered file, 5 config, 6 file, 7 editor"
                    + " failed, 70 internal error; `run` exits with its command's code (127: could not start)."
                    + " See docs/cli.md."
        })
public final class JitployCommand {
    private final CliEnvironment environment;

    @Option(
            names = "-C",
            paramLabel = "DIR",
            description = "Run as if started in DIR (the project holding .jitploy.yml).")
    private Path directory;

    /** The command tree over the real process environment. */
    public JitployCommand() {
        this(CliEnvironment.system());
    }

    /** The command tree over an injected environment (tests, embedding). */
    public JitployCommand(CliEnvironment environment) {
        this.environment = environment;
        PgpKeyFormat.install(new PgpPublicKeyLookup(this::projectDirectory)::find);
    }

    /** Runs {@code jitploy} and exits with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine(new JitployCommand()).execute(args));
    }

    /** A configured picocli command line (exit code mapping, error printing) for the given root command. */
    public static CommandLine commandLine(JitployCommand root) {
        CommandLine commandLine = new CommandLine(root);
        commandLine.setExitCodeExceptionMapper(new ExitCodes());
        commandLine.setExecutionExceptionHandler(JitployCommand::report);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    CliEnvironment environment() {
        return environment;
    }

    /** The directory given with {@code -C}, else the working directory. */
    Path projectDirectory() {
        return directory == null ? environment.workingDirectory() : environment.resolve(directory.toString());
    }

    private static int report(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code = ExitCodes.of(exception);
        if (code == ExitCodes.INTERNAL) {
            err.println("jitploy: internal error, please report it: "
                    + exception.getClass().getName());
            exception.printStackTrace(err);
        } else {
            err.println("jitploy: " + exception.getMessage());
        }
        err.flush();
        return code;
    }

    /** Version from the jar manifest (set by Maven), or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = JitployCommand.class.getPackage().getImplementationVersion();
            return new String[] {"jitploy " + (version == null ? "development" : version)};
        }
    }
}
