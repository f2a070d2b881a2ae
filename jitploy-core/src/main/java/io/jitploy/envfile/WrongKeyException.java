package io.jitploy.envfile;

/**
 * The supplied keys could not open the file's data key: either none of them is a recipient of the file (see
 * {@link NoMatchingKeyException}) or a matching recipient entry could not be opened with the supplied key.
 */
public class WrongKeyException extends EnvFileException {
    private static final long serialVersionUID = 1L;

    public WrongKeyException(String message) {
        super(message);
    }

    public WrongKeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
