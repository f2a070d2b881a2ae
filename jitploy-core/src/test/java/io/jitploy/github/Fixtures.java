package io.jitploy.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** GitHub REST payloads under src/test/resources/github/, shaped after the examples in GitHub's REST docs. */
final class Fixtures {
    static final String TOKEN = "ghp_testtoken0123456789abcdefABCDEF0123";
    static final String CREDENTIAL = "github-deploy";
    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final GitHubRepositoryRef REPO = new GitHubRepositoryRef("github.com", "acme", "shop");

    private Fixtures() {}

    static String read(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/github/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture github/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON response as GitHub sends it, with rate-limit headers GitHub adds to every answer. */
    static ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("X-RateLimit-Limit", "5000")
                .withHeader("X-RateLimit-Remaining", "4999")
                .withHeader("X-RateLimit-Reset", "1795000000")
                .withHeader("X-RateLimit-Resource", "core")
                .withBody(read(fixture));
    }
}
