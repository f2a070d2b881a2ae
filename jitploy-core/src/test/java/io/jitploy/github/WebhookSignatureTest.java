package io.jitploy.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.NotEmpty;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final byte[] SECRET = "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    // Test vector from GitHub's "Validating webhook deliveries" documentation.
    private static final String DOCUMENTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void acceptsGitHubsDocumentedExample() {
        assertThat(WebhookSignature.check(SECRET, BODY, DOCUMENTED)).isEqualTo(new WebhookSignature.Check(true, "ok"));
        assertThat(WebhookSignature.verify(SECRET, BODY, DOCUMENTED)).isTrue();
        assertThat(WebhookSignature.sign(SECRET, BODY)).isEqualTo(DOCUMENTED);
    }

    @Test
    void rejectsAlteredBodyAndWrongSecret() {
        byte[] altered = "Hello, World?".getBytes(StandardCharsets.UTF_8);
        WebhookSignature.Check check = WebhookSignature.check(SECRET, altered, DOCUMENTED);
        assertThat(check.valid()).isFalse();
        assertThat(check.reason()).contains("does not match the body");
        assertThat(WebhookSignature.verify("another secret".getBytes(StandardCharsets.UTF_8), BODY, DOCUMENTED))
                .isFalse();
    }

    @Test
    void malformedHeadersAreRejectedWithAReasonThatNeverContainsTheSecret() {
        String[] headers = {
            null,
            "",
            "sha1=757107ea0eb2509fc211221cce984b8a37570b6d",
            "sha256=",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1",
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1z",
            "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"
        };
        for (String header : headers) {
            WebhookSignature.Check check = WebhookSignature.check(SECRET, BODY, header);
            assertThat(check.valid()).as("header %s", header).isFalse();
            assertThat(check.reason()).contains(WebhookSignature.HEADER).doesNotContain("Secret to Everybody");
        }
        assertThat(WebhookSignature.check(SECRET, BODY, null).reason()).contains("missing");
        assertThat(WebhookSignature.check(SECRET, BODY, "sha1=abc").reason()).contains("does not start with 'sha256='");
    }

    @Test
    void anEmptySecretNeverVerifies() {
        byte[] none = new byte[0];
        assertThat(WebhookSignature.check(none, BODY, DOCUMENTED).reason()).contains("no webhook secret is configured");
        assertThatThrownBy(() -> WebhookSignature.sign(none, BODY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
    }

    @Property(tries = 200)
    void signThenVerifyRoundTripsAndAnyFlippedBitFails(
            @ForAll @NotEmpty byte[] secret, @ForAll byte[] body, @ForAll int position) {
        String header = WebhookSignature.sign(secret, body);
        assertThat(WebhookSignature.verify(secret, body, header)).isTrue();
        assertThat(WebhookSignature.verify(secret, body, header.toUpperCase().replace("SHA256=", "sha256=")))
                .isTrue();

        char[] chars = header.toCharArray();
        int index = "sha256=".length() + Math.floorMod(position, 64);
        chars[index] = chars[index] == '0' ? '1' : '0';
        assertThat(WebhookSignature.verify(secret, body, new String(chars))).isFalse();
    }
}
