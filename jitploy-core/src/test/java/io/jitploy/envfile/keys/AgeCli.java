package io.jitploy.envfile.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code age}/{@code age-keygen} binaries (Debian package) for interoperability tests. */
public final class AgeCli {
    private AgeCli() {}

    /** Runs the command with {@code stdin} (may be null), asserts exit code 0 and returns stdout. */
    public static byte[] run(byte[] stdin, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (stdin != null) {
            process.getOutputStream().write(stdin);
        }
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
        return out;
    }
}
