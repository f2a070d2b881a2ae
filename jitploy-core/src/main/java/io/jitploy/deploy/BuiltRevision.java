package io.jitploy.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The commit a deploy records, from the text of the revision a CI build built.
 *
 * <p>A pull request built merged with its target branch (GitHub Branch Source's default "merge" strategy) has no
 * single commit: its revision reads {@code pullHash+baseHash}, and the merge commit exists only in the build's
 * workspace. GitHub knows the pull request's head, so that is the commit recorded: GitHub's checks, statuses and
 * deployments are all keyed by it, and a deploy recorded under {@code pullHash+baseHash} could never be gated,
 * dated or reported. The base is kept out of the version, as GitHub's own deployments of pull requests do.
 */
public final class BuiltRevision {
    private static final Pattern MERGED_PULL_REQUEST =
            Pattern.compile("([0-9a-f]{40}|[0-9a-f]{64})\\+(?:[0-9a-f]{40}|[0-9a-f]{64})");

    private BuiltRevision() {}

    /**
     * The commit to record for {@code revision}: the pull request's head for a merged pull request revision, else
     * the revision itself.
     *
     * @throws IllegalArgumentException when the revision is blank
     */
    public static String commitOf(String revision) {
        if (revision == null || revision.isBlank()) {
            throw new IllegalArgumentException("The build's revision is empty: there is no commit to deploy.");
        }
        String text = revision.strip();
        Matcher merged = MERGED_PULL_REQUEST.matcher(text);
        return merged.matches() ? merged.group(1) : text;
    }
}
