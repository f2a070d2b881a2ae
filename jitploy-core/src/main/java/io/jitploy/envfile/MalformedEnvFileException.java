package io.jitploy.envfile;

/**
 * The file cannot be parsed as an encrypted env file: bad YAML/JSON/dotenv syntax, a malformed {@code ENC[...]}
 * value, duplicate keys, a data key named {@code sops}, a root that is not a mapping, too many YAML aliases, or
 * missing/invalid {@code sops} metadata.
 */
public class MalformedEnvFileException extends EnvFileException {
    private static final long serialVersionUID = 1L;

    public MalformedEnvFileException(String message) {
        super(message);
    }

    public MalformedEnvFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
