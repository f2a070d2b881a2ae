package io.jitploy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The segment matcher against an independent reference: the glob translated to a regular expression. */
class BranchGlobPropertiesTest {

    @Property(tries = 2000)
    void matchesLikeTheRegexReference(@ForAll("patterns") String pattern, @ForAll("branches") String branch) {
        assertThat(BranchGlob.parse(pattern).matches(branch))
                .as("%s vs %s", pattern, branch)
                .isEqualTo(reference(pattern).matcher(branch).matches());
    }

    @Property(tries = 500)
    void aPatternWithoutWildcardsMatchesOnlyItself(
            @ForAll("branches") String branch, @ForAll("branches") String other) {
        assertThat(BranchGlob.parse(branch).matches(branch)).isTrue();
        assertThat(BranchGlob.parse(branch).matches(other)).isEqualTo(branch.equals(other));
    }

    @Property(tries = 500)
    void patternsBuiltFromABranchMatchIt(@ForAll("branches") String branch) {
        String[] segments = branch.split("/");
        StringBuilder starred = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            starred.append(i == 0 ? "" : "/").append(segments[i].charAt(0)).append('*');
        }
        assertThat(BranchGlob.parse(starred.toString()).matches(branch)).isTrue();
        assertThat(BranchGlob.parse("**").matches(branch)).isTrue();
        assertThat(BranchGlob.parse("**/" + segments[segments.length - 1]).matches(branch))
                .isTrue();
    }

    @Provide
    Arbitrary<String> branches() {
        Arbitrary<String> segment =
                Arbitraries.strings().withChars("ab.-_1").ofMinLength(1).ofMaxLength(4);
        return segment.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
    }

    @Provide
    Arbitrary<String> patterns() {
        Arbitrary<String> plainSegment = Arbitraries.strings()
                .withChars("ab.1*?")
                .ofMinLength(1)
                .ofMaxLength(4)
                .filter(s -> !s.contains("**"));
        Arbitrary<String> segment = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, plainSegment), net.jqwik.api.Tuple.of(1, Arbitraries.just("**")));
        return segment.list().ofMinSize(1).ofMaxSize(4).map(parts -> String.join("/", parts));
    }

    /** Reference semantics written independently: regex over the whole name. */
    static Pattern reference(String glob) {
        List<String> segments = List.of(glob.split("/", -1));
        StringBuilder regex = new StringBuilder();
        boolean needSlash = false;
        for (String segment : segments) {
            if (segment.equals("**")) {
                // zero or more whole segments, each followed (or preceded) by its slash
                // at the start, each skipped segment brings its own trailing slash; later, its leading one
                regex.append(needSlash ? "(?:/[^/]+)*" : "(?:[^/]+/)*");
                continue;
            }
            if (needSlash) {
                regex.append('/');
            }
            for (char c : segment.toCharArray()) {
                regex.append(
                        switch (c) {
                            case '*' -> "[^/]*";
                            case '?' -> "[^/]";
                            default -> Pattern.quote(String.valueOf(c));
                        });
            }
            needSlash = true;
        }
        String text = regex.toString();
        if (!needSlash && text.endsWith("(?:[^/]+/)*")) {
            // pattern made only of ** segments: any name (the trailing slash of the last segment is absent)
            text = "(?:[^/]+(?:/[^/]+)*)?";
        }
        return Pattern.compile(text);
    }
}
