package io.jitploy.envfile;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which leaves of a file are encrypted: exactly one sops rule, stored in the file's metadata. Every rule tests
 * every component of a value's key path (so children inherit), except the comment rules, which test the comment
 * lines preceding a value. The default is {@code unencrypted_suffix: _unencrypted}.
 */
public record SelectionRule(Kind kind, String value) {
    /** The rule kinds, named as their sops metadata keys. */
    public enum Kind {
        /** Any path component ending with the suffix leaves the value in clear. */
        UNENCRYPTED_SUFFIX("unencrypted_suffix"),
        /** Only values with a path component ending with the suffix are encrypted. */
        ENCRYPTED_SUFFIX("encrypted_suffix"),
        /** Any path component matching the regex leaves the value in clear. */
        UNENCRYPTED_REGEX("unencrypted_regex"),
        /** Only values with a path component matching the regex are encrypted. */
        ENCRYPTED_REGEX("encrypted_regex"),
        /** Values after a comment matching the regex stay in clear. */
        UNENCRYPTED_COMMENT_REGEX("unencrypted_comment_regex"),
        /** Only values after a comment matching the regex are encrypted. */
        ENCRYPTED_COMMENT_REGEX("encrypted_comment_regex");

        private final String metadataKey;

        Kind(String metadataKey) {
            this.metadataKey = metadataKey;
        }

        /** The key of this rule in the {@code sops} metadata and in {@code .sops.yaml}. */
        public String metadataKey() {
            return metadataKey;
        }

        public static Optional<Kind> fromMetadataKey(String key) {
            return Arrays.stream(values())
                    .filter(k -> k.metadataKey.equals(key))
                    .findFirst();
        }

        boolean isRegex() {
            return this != UNENCRYPTED_SUFFIX && this != ENCRYPTED_SUFFIX;
        }
    }

    public static final String DEFAULT_UNENCRYPTED_SUFFIX = "_unencrypted";

    public SelectionRule {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(value, "value");
        if (kind.isRegex()) {
            try {
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw new MalformedEnvFileException("The " + kind.metadataKey() + " '" + value + "' is not a valid"
                        + " regular expression: " + e.getDescription() + ". Fix the rule in .sops.yaml or the file.");
            }
        }
    }

    /** {@code unencrypted_suffix: _unencrypted}, the sops default. */
    public static SelectionRule defaultRule() {
        return new SelectionRule(Kind.UNENCRYPTED_SUFFIX, DEFAULT_UNENCRYPTED_SUFFIX);
    }

    public static SelectionRule of(Kind kind, String value) {
        return new SelectionRule(kind, value);
    }

    /**
     * Whether a value is encrypted, mirroring sops' {@code shouldBeEncrypted}.
     *
     * @param path key path components (list indices do not appear)
     * @param comments comment lines in force, one list per nesting level (innermost last)
     * @param isComment whether the value is itself a comment line
     */
    boolean encrypts(List<String> path, List<List<String>> comments, boolean isComment) {
        switch (kind) {
            case UNENCRYPTED_SUFFIX:
                return path.stream().noneMatch(p -> p.endsWith(value));
            case ENCRYPTED_SUFFIX:
                return path.stream().anyMatch(p -> p.endsWith(value));
            case UNENCRYPTED_REGEX:
                return path.stream().noneMatch(p -> pattern().matcher(p).find());
            case ENCRYPTED_REGEX:
                return path.stream().anyMatch(p -> pattern().matcher(p).find());
            case UNENCRYPTED_COMMENT_REGEX:
                return comments.stream()
                        .flatMap(List::stream)
                        .noneMatch(c -> pattern().matcher(c).find());
            case ENCRYPTED_COMMENT_REGEX:
                for (int i = 0; i < comments.size(); i++) {
                    List<String> level = comments.get(i);
                    for (int j = 0; j < level.size(); j++) {
                        // The comment that enables encryption is itself left in clear, as in sops.
                        if (isComment && i == comments.size() - 1 && j == level.size() - 1) {
                            continue;
                        }
                        if (pattern().matcher(level.get(j)).find()) {
                            return true;
                        }
                    }
                }
                return false;
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private Pattern pattern() {
        return PATTERNS.computeIfAbsent(value, Pattern::compile);
    }

    private static final java.util.Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String toString() {
        return kind.metadataKey() + ": " + value;
    }
}
