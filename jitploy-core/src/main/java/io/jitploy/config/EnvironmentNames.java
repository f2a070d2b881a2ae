package io.jitploy.config;

import java.util.regex.Pattern;

/**
 * The rule for environment (and application) names, wherever they are declared: in {@code .jitploy.yml} and in a
 * host's own settings (the Jenkins folder form), so that a name valid in one is valid in the other. Names become
 * file names, URL segments and variable values, hence the small alphabet.
 */
public final class EnvironmentNames {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** How to fix a refused name, for messages. */
    public static final String RULE =
            "use letters, digits, '.', '_' or '-' (at most 63), starting with a letter or digit";

    private EnvironmentNames() {}

    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
