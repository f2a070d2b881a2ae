package io.jitploy.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where {@code encrypt}/{@code decrypt} write: standard output (default), {@code -o FILE}, or in place with {@code -i}. */
final class OutputTarget {
    @Option(
            names = {"-i", "--in-place"},
            description = "Replace FILE with the result.")
    boolean inPlace;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "Write the result to OUT instead of standard output.")
    String output;

    /** The file to write, or empty for standard output. */
    Optional<Path> file(Path input, CliEnvironment environment) {
        if (inPlace && output != null) {
            throw new CliException(ExitCodes.USAGE, "Use either -i or -o OUT, not both.");
        }
        if (inPlace) {
            return Optional.of(input);
        }
        return Optional.ofNullable(output).map(environment::resolve);
    }
}
