package io.jitploy.envfile;

/** The file is larger than {@link EncryptedEnvFile#MAX_FILE_BYTES}; env files are meant to stay small. */
public final class EnvFileTooLargeException extends MalformedEnvFileException {
    private static final long serialVersionUID = 1L;

    public EnvFileTooLargeException(long size, long limit) {
        super("The file is " + size + " bytes, over the " + limit + "-byte limit for encrypted env files. Split it"
                + " into several files or keep large blobs out of environment configuration.");
    }
}
