package io.jitploy.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code jitploy} subcommand needs: the injected environment, the output streams, the project. */
abstract class Subcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    JitployCommand root() {
        return (JitployCommand) spec.root().userObject();
    }

    CliEnvironment environment() {
        return root().environment();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** The project holding {@code .jitploy.yml} (exit code 5 if there is none). */
    Project project() {
        return Project.load(root().projectDirectory());
    }
}
