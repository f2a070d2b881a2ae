package io.jitploy.cli;

import picocli.CommandLine.Option;

/** The {@code -e ENV} option naming an environment of {@code .jitploy.yml}. */
final class EnvironmentOption {
    @Option(
            names = {"-e", "--env"},
            required = true,
            paramLabel = "ENV",
            description = "Environment name, as declared in .jitploy.yml.")
    String name;
}
