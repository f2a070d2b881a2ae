package io.jitploy.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BuiltRevisionTest {
    private static final String HEAD = "3f786850e387550fdab836ed7e6dc881de23001b";
    private static final String BASE = "89e6c98d92887913cadf06b2adb97f26cde4849b";

    @Test
    void aPullRequestMergedWithItsBaseIsRecordedAsItsHead() {
        // github-branch-source's PullRequestSCMRevision.toString() for the merge strategy
        assertThat(BuiltRevision.commitOf(HEAD + "+" + BASE)).isEqualTo(HEAD);
    }

    @Test
    void aPlainCommitIsRecordedAsItIs() {
        assertThat(BuiltRevision.commitOf(HEAD)).isEqualTo(HEAD);
        assertThat(BuiltRevision.commitOf(" " + HEAD + "\n")).isEqualTo(HEAD);
    }

    @Test
    void revisionsThatAreNotTwoCommitsAreLeftAlone() {
        // Other SCMs' revision texts must not be cut at a '+'.
        assertThat(BuiltRevision.commitOf("r1234+local")).isEqualTo("r1234+local");
        assertThat(BuiltRevision.commitOf(HEAD + "+" + BASE.substring(1))).isEqualTo(HEAD + "+" + BASE.substring(1));
        assertThat(BuiltRevision.commitOf(HEAD.toUpperCase() + "+" + BASE)).isEqualTo(HEAD.toUpperCase() + "+" + BASE);
    }

    @Test
    void anEmptyRevisionIsRefused() {
        assertThatThrownBy(() -> BuiltRevision.commitOf(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no commit to deploy");
        assertThatThrownBy(() -> BuiltRevision.commitOf(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void theHeadOfAnyMergedPairIsRecorded(@ForAll("commits") String head, @ForAll("commits") String base) {
        assertThat(BuiltRevision.commitOf(head + "+" + base)).isEqualTo(head);
        assertThat(BuiltRevision.commitOf(head)).isEqualTo(head);
    }

    @Provide
    Arbitrary<String> commits() {
        Arbitrary<String> sha1 =
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(40);
        Arbitrary<String> sha256 =
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
        return Arbitraries.oneOf(sha1, sha256);
    }
}
