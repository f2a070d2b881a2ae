package io.jitploy.envfile;

/**
 * The file is well formed but uses something this engine does not implement: an unknown major sops version, a
 * value type, several key groups (Shamir secret sharing), or a master key type Jitploy cannot re-wrap.
 */
public final class UnsupportedEnvFileException extends EnvFileException {
    private static final long serialVersionUID = 1L;

    public UnsupportedEnvFileException(String message) {
        super(message);
    }
}
