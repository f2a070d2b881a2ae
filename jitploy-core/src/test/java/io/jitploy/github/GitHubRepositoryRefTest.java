package io.jitploy.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubRepositoryRefTest {

    @ParameterizedTest
    @CsvSource({
        "acme/shop, github.com, acme, shop",
        "https://github.com/acme/shop.git, github.com, acme, shop",
        "https://github.com/acme/shop, github.com, acme, shop",
        "https://github.com/acme/shop/, github.com, acme, shop",
        "http://GitHub.com/acme/shop.git, github.com, acme, shop",
        "https://x-access-token:ghs_abc@github.com/acme/shop.git, github.com, acme, shop",
        "git@github.com:acme/shop.git, github.com, acme, shop",
        "git@github.com:acme/shop, github.com, acme, shop",
        "ssh://git@github.com/acme/shop.git, github.com, acme, shop",
        "ssh://git@ghe.example.com:2222/platform/my.site.git, ghe.example.com, platform, my.site",
        "git://github.com/acme/shop.github.io.git, github.com, acme, shop.github.io",
        "https://ghe.example.com/acme/shop.git, ghe.example.com, acme, shop"
    })
    void parsesRemoteUrls(String remote, String host, String owner, String name) {
        assertThat(GitHubRepositoryRef.parse(remote)).isEqualTo(new GitHubRepositoryRef(host, owner, name));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "shop",
                "https://github.com/acme",
                "https://github.com/acme/shop/tree/main",
                "acme/../x",
                "-acme/shop"
            })
    void rejectsTextThatNamesNoRepository(String remote) {
        assertThatThrownBy(() -> GitHubRepositoryRef.parse(remote))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not name a GitHub repository");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://user:ghp_SECRETTOKEN@github.com/acme", "https://ghp_SECRETTOKEN@x/a/b/c"})
    void neverEchoesCredentialsFromAnUnparsableUrl(String remote) {
        assertThatThrownBy(() -> GitHubRepositoryRef.parse(remote)).message().doesNotContain("SECRETTOKEN");
    }

    @ParameterizedTest
    @CsvSource({"github.com, https://api.github.com", "ghe.example.com, https://ghe.example.com/api/v3"})
    void apiUrlFollowsTheHost(String host, String api) {
        assertThat(new GitHubRepositoryRef(host, "acme", "shop").apiUrl()).isEqualTo(api);
    }

    @Property(tries = 300)
    void everyRemoteFormNamesTheSameRepository(
            @ForAll("owners") String owner, @ForAll("names") String name, @ForAll("hosts") String host) {
        GitHubRepositoryRef expected = new GitHubRepositoryRef(host, owner, name);
        String path = owner + "/" + name;
        assertThat(GitHubRepositoryRef.parse("https://" + host + "/" + path + ".git"))
                .isEqualTo(expected);
        assertThat(GitHubRepositoryRef.parse("https://" + host + "/" + path)).isEqualTo(expected);
        assertThat(GitHubRepositoryRef.parse("git@" + host + ":" + path + ".git"))
                .isEqualTo(expected);
        assertThat(GitHubRepositoryRef.parse("ssh://git@" + host + "/" + path + ".git"))
                .isEqualTo(expected);
        assertThat(GitHubRepositoryRef.parse(expected.toString().replace(host + "/", "https://" + host + "/")))
                .isEqualTo(expected);
    }

    @Provide
    Arbitrary<String> owners() {
        Arbitrary<String> first =
                Arbitraries.strings().withCharRange('a', 'z').numeric().ofLength(1);
        Arbitrary<String> rest = Arbitraries.strings()
                .withCharRange('a', 'z')
                .numeric()
                .withChars('-')
                .ofMaxLength(20);
        return first.flatMap(f -> rest.map(r -> f + r));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings()
                .withCharRange('a', 'z')
                .withCharRange('A', 'Z')
                .numeric()
                .withChars('.', '_', '-')
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(n -> !n.equals(".") && !n.equals("..") && !n.endsWith(".git"));
    }

    @Provide
    Arbitrary<String> hosts() {
        return Arbitraries.of("github.com", "ghe.example.com", "git.internal");
    }
}
