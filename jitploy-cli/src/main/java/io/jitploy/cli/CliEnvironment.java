package io.jitploy.cli;

import io.jitploy.envfile.KeyFormatException;
import io.jitploy.envfile.keys.PassphraseSource;
import java.io.Console;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the commands take from the outside world: environment variables, the home directory, the working
 * directory, standard input and the console. Commands never call {@code System.getenv} directly, so tests run them
 * against a temporary home and key file.
 */
public final class CliEnvironment {
    private final Map<String, String> variables;
    private final Path home;
    private final Path workingDirectory;
    private final InputStream stdin;
    private final Console console;
    private final boolean inheritChildIo;

    private CliEnvironment(Builder builder) {
        this.variables = Map.copyOf(builder.variables);
        this.home = builder.home;
        this.workingDirectory = builder.workingDirectory;
        this.stdin = builder.stdin;
        this.console = builder.console;
        this.inheritChildIo = builder.inheritChildIo;
    }

    /**
     * The real process environment: {@code System.getenv}, the home directory ({@code $HOME}, else
     * {@code user.home}), {@code user.dir}, the console.
     */
    public static CliEnvironment system() {
        // $HOME first, as sops, age and git resolve ~: Java's user.home comes from the password database and ignores
        // HOME=..., so the same key file would be another file for jitploy than for sops.
        String homeVariable = System.getenv("HOME");
        Path home = homeVariable != null
                        && !homeVariable.isEmpty()
                        && Path.of(homeVariable).isAbsolute()
                ? Path.of(homeVariable)
                : Path.of(System.getProperty("user.home"));
        Builder builder = builder()
                .variables(System.getenv())
                .home(home)
                .workingDirectory(Path.of("").toAbsolutePath())
                .stdin(System.in);
        builder.console = System.console();
        builder.inheritChildIo = true;
        return builder.build();
    }

    /** A builder for tests and embedding; defaults to no variables, no console and an empty stdin. */
    public static Builder builder() {
        return new Builder();
    }

    /** A non-empty environment variable. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).filter(value -> !value.isEmpty());
    }

    /** All environment variables (the base environment of {@code jitploy run} children). */
    public Map<String, String> variables() {
        return variables;
    }

    public Path home() {
        return home;
    }

    public Path workingDirectory() {
        return workingDirectory;
    }

    public InputStream stdin() {
        return stdin;
    }

    /** Whether child processes ({@code run}, the editor) use this process's terminal directly. */
    boolean inheritChildIo() {
        return inheritChildIo;
    }

    /**
     * The user's key file: {@code $JITPLOY_KEYS_FILE}, else {@code $XDG_CONFIG_HOME/jitploy/keys.txt}, else
     * {@code ~/.config/jitploy/keys.txt}.
     */
    public Path userKeyFile() {
        return variable("JITPLOY_KEYS_FILE")
                .map(this::resolve)
                .orElseGet(() -> configHome().resolve("jitploy").resolve("keys.txt"));
    }

    /** Where sops looks for age identities by default: {@code $XDG_CONFIG_HOME/sops/age/keys.txt}. */
    public Path sopsAgeKeyFile() {
        return configHome().resolve("sops").resolve("age").resolve("keys.txt");
    }

    /** A path as the user typed it, relative to the working directory, with {@code ~/} expanded. */
    public Path resolve(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return home.resolve(path.substring(Math.min(2, path.length())));
        }
        return workingDirectory.resolve(path).normalize();
    }

    /**
     * A secret typed by the user: read without echo on the terminal when there is one, else the whole of standard
     * input (one trailing newline removed), so it can be piped in and never appears in shell history.
     */
    public String readSecret(String prompt) throws java.io.IOException {
        if (console != null) {
            char[] typed = console.readPassword("%s", prompt);
            return typed == null ? "" : new String(typed);
        }
        String text = new String(stdin.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * Passphrases for protected OpenPGP keys: {@code $JITPLOY_PGP_PASSPHRASE}, else a prompt on the console, else a
     * clear error.
     */
    public PassphraseSource passphrases() {
        return description -> {
            Optional<String> fromEnv = variable("JITPLOY_PGP_PASSPHRASE");
            if (fromEnv.isPresent()) {
                return fromEnv.get().toCharArray();
            }
            if (console != null) {
                char[] typed = console.readPassword("Passphrase for %s: ", description);
                if (typed != null) {
                    return typed;
                }
            }
            throw new KeyFormatException(description + " is protected by a passphrase and there is no terminal to"
                    + " ask it. Set JITPLOY_PGP_PASSPHRASE, or run the command in a terminal.");
        };
    }

    private Path configHome() {
        return variable("XDG_CONFIG_HOME").map(Path::of).orElseGet(() -> home.resolve(".config"));
    }

    /** Builds a {@link CliEnvironment}. */
    public static final class Builder {
        private final Map<String, String> variables = new HashMap<>();
        private Path home = Path.of(System.getProperty("user.home"));
        private Path workingDirectory = Path.of("").toAbsolutePath();
        private InputStream stdin = InputStream.nullInputStream();
        private Console console;
        private boolean inheritChildIo;

        private Builder() {}

        public Builder variables(Map<String, String> values) {
            variables.putAll(values);
            return this;
        }

        public Builder variable(String name, String value) {
            variables.put(name, value);
            return this;
        }

        public Builder home(Path path) {
            home = path.toAbsolutePath();
            return this;
        }

        public Builder workingDirectory(Path path) {
            workingDirectory = path.toAbsolutePath();
            return this;
        }

        public Builder stdin(InputStream in) {
            stdin = in;
            return this;
        }

        public CliEnvironment build() {
            return new CliEnvironment(this);
        }
    }
}
