package io.jitploy.envfile;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats sops and Jitploy encrypt, chosen from the file name as sops does. */
public enum EnvFileFormat {
    /** YAML (1.2 core schema), {@code .yaml}/{@code .yml}. */
    YAML,
    /** JSON, {@code .json}. */
    JSON,
    /** dotenv ({@code KEY=value} lines), {@code .env} or a file named {@code .env}. */
    DOTENV,
    /** Any other file: encrypted whole, stored as JSON {@code {"data": ..., "sops": ...}}. */
    BINARY;

    /** The format for a path: by extension, as sops picks its store. */
    public static EnvFileFormat fromPath(Path path) {
        Path fileName = path.getFileName();
        String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            return YAML;
        } else if (name.endsWith(".json")) {
            return JSON;
        } else if (name.endsWith(".env") || name.equals(".env")) {
            return DOTENV;
        }
        return BINARY;
    }
}
