package io.jitploy.config;

import io.jitploy.health.HealthCheckSpec;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One environment of a {@code .jitploy.yml}, after {@code defaults} were applied and the file was validated.
 *
 * @param name environment name, unique in the file
 * @param branches branch globs that deploy here on push (first matching environment wins)
 * @param pullRequests whether pull requests deploy here (the preview environment; at most one per file)
 * @param file repository-relative path of the encrypted env file
 * @param plaintext repository-relative path of the git-ignored plaintext copy, when set explicitly
 * @param recipients who the env file is encrypted for (without the file-wide escrow)
 * @param deploy the deploy command, run with {@link DeployVariables}
 * @param url the environment's URL: {@code JITPLOY_URL}, the GitHub deployment's environment URL, the health check's default
 * @param promoteFrom the environment this one is promoted from
 * @param health the post-deploy check
 * @param protection who may deploy, promote and lock
 * @param freezes recurring freeze windows
 * @param github GitHub gate and deployment settings
 * @param credentialsId Jenkins credentials id holding the environment's identity (supplied by the folder)
 */
public record EnvironmentSpec(
        String name,
        List<String> branches,
        boolean pullRequests,
        String file,
        Optional<String> plaintext,
        Recipients recipients,
        Optional<String> deploy,
        Optional<URI> url,
        Optional<String> promoteFrom,
        Optional<HealthCheckSpec> health,
        Protection protection,
        List<FreezeWindow> freezes,
        GitHubSettings github,
        Optional<String> credentialsId) {

    public EnvironmentSpec {
        Objects.requireNonNull(name, "name");
        branches = List.copyOf(Objects.requireNonNull(branches, "branches"));
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(plaintext, "plaintext");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(deploy, "deploy");
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(promoteFrom, "promoteFrom");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(protection, "protection");
        freezes = List.copyOf(Objects.requireNonNull(freezes, "freezes"));
        Objects.requireNonNull(github, "github");
        Objects.requireNonNull(credentialsId, "credentialsId");
    }

    /**
     * Where the decrypted copy lives: {@code plaintext} when set, otherwise derived from {@code file} by replacing
     * the first {@code .enc.} with {@code .plain.} ({@code config/staging.enc.yaml} → {@code
     * config/staging.plain.yaml}), or by inserting {@code .plain} before the extension ({@code prod.yaml} → {@code
     * prod.plain.yaml}; {@code prod} → {@code prod.plain}).
     */
    public String plaintextPath() {
        return plaintext.orElseGet(() -> derivePlaintext(file));
    }

    /**
     * The freeze windows as one schedule (never frozen when there are none). It is a {@link FreezeCalendar}, so
     * callers that announce freezes can also ask for {@link FreezeCalendar#nextStart}.
     */
    public FreezeCalendar freezeSchedule() {
        return new FreezeCalendar(freezes);
    }

    /** The post-deploy health check, if configured. */
    public Optional<HealthCheckSpec> healthCheck() {
        return health;
    }

    static String derivePlaintext(String file) {
        int slash = file.lastIndexOf('/');
        String dir = file.substring(0, slash + 1);
        String base = file.substring(slash + 1);
        int enc = base.indexOf(".enc.");
        if (enc >= 0) {
            return dir + base.substring(0, enc) + ".plain." + base.substring(enc + ".enc.".length());
        }
        if (base.endsWith(".enc")) {
            return dir + base.substring(0, base.length() - ".enc".length()) + ".plain";
        }
        int dot = base.lastIndexOf('.');
        if (dot <= 0) {
            return file + ".plain";
        }
        return dir + base.substring(0, dot) + ".plain" + base.substring(dot);
    }
}
