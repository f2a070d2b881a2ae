package io.jitploy.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/** Reads and validates {@code .jitploy.yml}. */
public final class ConfigLoader {
    /** The file name the CLI and the plugin look for at the repository root. */
    public static final String FILE_NAME = ".jitploy.yml";

    /** The only {@code version:} this release understands. */
    public static final int SUPPORTED_VERSION = 1;

    /** Files larger than this are refused before parsing; real ones are a few kilobytes. */
    public static final int MAX_CHARS = 1_000_000;

    private ConfigLoader() {}

    /**
     * Parses and validates a {@code .jitploy.yml}.
     *
     * @param text the file's content
     * @param sourceName the name used in problem messages, e.g. {@code .jitploy.yml}
     * @throws ConfigValidationException listing every problem found, each with line and fix
     */
    public static JitployConfig parse(String text, String sourceName) {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        return new ConfigParser(sourceName).parse(text);
    }

    /**
     * Reads {@code file} (UTF-8) and parses it like {@link #parse}, naming the file in messages.
     *
     * @throws IOException if the file cannot be read
     */
    public static JitployConfig load(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }
}
