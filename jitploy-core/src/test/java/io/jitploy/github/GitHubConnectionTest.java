package io.jitploy.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GitHubConnectionTest {
    private static final GitHubRepositoryRef SHOP = new GitHubRepositoryRef("github.com", "acme", "shop");

    @Test
    void withoutCredentialGitHubIsOff() throws GitHubException {
        assertThat(GitHubConnection.resolve(null, "acme/shop", null, "https://github.com/acme/shop.git"))
                .isEmpty();
        assertThat(GitHubConnection.resolve("  ", "acme/shop", null, null)).isEmpty();
    }

    @Test
    void theConfiguredRepositoryWinsOverTheCheckedOutRemote() throws GitHubException {
        assertThat(GitHubConnection.resolve("gh", " acme/shop ", "", "git@github.com:acme/other.git"))
                .contains(new GitHubConnection(SHOP, "https://api.github.com", "gh"));
    }

    @Test
    void theRemoteNamesTheRepositoryAndItsHostTheApi() throws GitHubException {
        assertThat(GitHubConnection.resolve("gh", null, null, "https://github.com/acme/shop.git"))
                .contains(new GitHubConnection(SHOP, "https://api.github.com", "gh"));
        assertThat(GitHubConnection.resolve("gh", "", null, "git@ghe.example.com:acme/shop.git"))
                .contains(new GitHubConnection(
                        new GitHubRepositoryRef("ghe.example.com", "acme", "shop"),
                        "https://ghe.example.com/api/v3",
                        "gh"));
    }

    @Test
    void aConfiguredApiUrlIsUsedWithoutTrailingSlash() throws GitHubException {
        assertThat(GitHubConnection.resolve("gh", "acme/shop", "http://127.0.0.1:8089/", null))
                .map(GitHubConnection::apiUrl)
                .contains("http://127.0.0.1:8089");
    }

    @Test
    void aCredentialWithoutRepositorySaysWhatToSet() {
        assertThatThrownBy(() -> GitHubConnection.resolve("gh", null, null, null))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("GitHub repository is unknown")
                .hasMessageContaining("Set the GitHub repository (owner/name)")
                .extracting(e -> ((GitHubException) e).reason())
                .isEqualTo(GitHubException.Reason.NOT_CONFIGURED);
        assertThatThrownBy(() -> GitHubConnection.resolve("gh", null, null, "/srv/git/shop"))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("does not name a GitHub repository");
        assertThatThrownBy(() -> GitHubConnection.resolve("gh", "not a repo", null, null))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("Set it to owner/name");
    }

    @Test
    void aBadApiUrlIsRefusedWithoutEchoingItsUserInfo() {
        assertThatThrownBy(() -> GitHubConnection.resolve("gh", "acme/shop", "https://x:ghp_secret@ghe/api?q", null))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("https://api.github.com")
                .hasMessageNotContaining("ghp_secret");
        assertThatThrownBy(() -> GitHubConnection.resolve("gh", "acme/shop", "ftp://ghe.example.com", null))
                .hasMessageContaining("is not an http(s) URL");
    }

    @Test
    void theDescriptionNamesTheCredentialNeverAToken() {
        assertThat(new GitHubConnection(SHOP, "https://api.github.com", "gh"))
                .hasToString("acme/shop via https://api.github.com (credential 'gh')");
    }
}
