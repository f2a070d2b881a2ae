package io.jitploy.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Corrects how github-api spells the {@code in_progress} deployment state.
 *
 * <p>github-api (1.326, and 2.0 at the time of writing) turns enum constants into request values by lower-casing them
 * and replacing {@code _} with {@code -}, so {@code GHDeploymentState.IN_PROGRESS} is sent as {@code "in-progress"},
 * which GitHub rejects with 422. This connector rewrites that one value in deployment-status requests and passes
 * everything else through untouched; it becomes a no-op once the library sends {@code in_progress} itself.
 */
final class DeploymentStateSpelling implements GitHubConnector {
    private static final Pattern STATUSES_PATH = Pattern.compile(".*/deployments/\\d+/statuses/?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GitHubConnector delegate;

    DeploymentStateSpelling(GitHubConnector delegate) {
        this.delegate = delegate;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        if (!"POST".equals(request.method())
                || !request.hasBody()
                || !STATUSES_PATH.matcher(request.url().getPath()).matches()) {
            return delegate.send(request);
        }
        byte[] body;
        try (InputStream in = request.body()) {
            body = in == null ? new byte[0] : in.readAllBytes();
        }
        JsonNode json = JSON.readTree(body);
        if (json instanceof ObjectNode object && object.path("state").asText().equals("in-progress")) {
            object.put("state", "in_progress");
            return delegate.send(new WithBody(request, JSON.writeValueAsBytes(object)));
        }
        return delegate.send(new WithBody(request, body));
    }

    /** The same request with a body that can be read again. */
    private static final class WithBody implements GitHubConnectorRequest {
        private final GitHubConnectorRequest original;
        private final byte[] body;

        WithBody(GitHubConnectorRequest original, byte[] body) {
            this.original = original;
            this.body = body;
        }

        @Override
        public String method() {
            return original.method();
        }

        @Override
        public Map<String, List<String>> allHeaders() {
            return original.allHeaders();
        }

        @Override
        public String header(String name) {
            return original.header(name);
        }

        @Override
        public String contentType() {
            return original.contentType();
        }

        @Override
        public InputStream body() {
            return new ByteArrayInputStream(body);
        }

        @Override
        public URL url() {
            return original.url();
        }

        @Override
        public boolean hasBody() {
            return true;
        }
    }
}
