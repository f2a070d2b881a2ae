package io.jenkins.plugins.jitploy.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.jitploy.JitployRuntime;
import io.jenkins.plugins.jitploy.credentials.EnvironmentKeyCredentials;
import io.jenkins.plugins.jitploy.folder.FolderEnvironments;
import io.jitploy.config.ConfigLoader;
import io.jitploy.config.ConfigValidationException;
import io.jitploy.config.EnvironmentSpec;
import io.jitploy.config.FolderDefaults;
import io.jitploy.config.JitployConfig;
import io.jitploy.config.Recipients;
import io.jitploy.deploy.BuiltRevision;
import io.jitploy.envfile.DecryptedEnvFile;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EnvFileException;
import io.jitploy.envfile.EnvFileFormat;
import io.jitploy.envfile.NoMatchingKeyException;
import io.jitploy.envfile.keys.KeyRing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import jenkins.scm.api.SCMHead;
import jenkins.scm.api.SCMRevisionAction;
import jenkins.scm.api.mixin.ChangeRequestSCMHead;

/**
 * What a step knows about the build it runs in: the effective configuration (the folder's environments with the
 * workspace's {@code .jitploy.yml} merged under them by the core), the branch, and the revision. Reads files from
 * the workspace (on the agent) and must therefore run off the CPS VM thread.
 */
final class ProjectContext {
    static final String CONFIG_FILE = ".jitploy.yml";

    final Run<?, ?> build;
    final JitployConfig config;
    final String application;
    final @CheckForNull String branch;
    final boolean pullRequest;

    private ProjectContext(
            Run<?, ?> build, JitployConfig config, String application, String branch, boolean pullRequest) {
        this.build = build;
        this.config = config;
        this.application = application;
        this.branch = branch;
        this.pullRequest = pullRequest;
    }

    static ProjectContext load(Run<?, ?> build, @CheckForNull FilePath workspace, EnvVars env)
            throws IOException, InterruptedException {
        Job<?, ?> job = build.getParent();
        FolderDefaults folder = FolderEnvironments.of(job).toFolderDefaultsOrAbort();
        JitployConfig config;
        FilePath file = workspace == null ? null : workspace.child(CONFIG_FILE);
        try {
            JitployConfig repository = file != null && file.exists()
                    ? ConfigLoader.parse(file.readToString(), CONFIG_FILE)
                    : new JitployConfig(
                            "folder " + job.getParent().getFullName(), 1, Optional.empty(), Recipients.NONE, List.of());
            config = repository.mergeUnder(folder);
        } catch (ConfigValidationException e) {
            // The core lists every problem with file:line and a fix hint.
            throw new AbortException(e.getMessage());
        }
        SCMHead head = SCMHead.HeadByItem.findHead(job);
        String branch = head != null ? head.getName() : env.get("BRANCH_NAME");
        boolean pullRequest = head instanceof ChangeRequestSCMHead;
        // The application defaults to the multibranch project (or job) name, as the core documents.
        String defaultName = head != null && job.getParent() instanceof Item parent ? parent.getName() : job.getName();
        String application = config.application().orElse(defaultName);
        JitployRuntime.of(job).useConfig(application, config);
        return new ProjectContext(build, config, application, branch, pullRequest);
    }

    /** The environment this build's branch deploys to, if any. */
    Optional<String> environmentForBranch() {
        return branch == null
                ? Optional.empty()
                : config.branchMapping().environmentFor(branch, pullRequest).map(EnvironmentSpec::name);
    }

    EnvironmentSpec environment(String name) throws AbortException {
        return config.environment(name)
                .orElseThrow(() -> new AbortException("No environment '" + name + "' is declared, neither in "
                        + CONFIG_FILE + " nor in the folder's Jitploy environments. Declared: "
                        + config.environmentNames() + "."));
    }

    /**
     * The commit being built. In a multibranch build, the build's first {@link SCMRevisionAction}: it is the revision
     * {@code checkout scm} checks out (workflow-multibranch's {@code SCMVar}), and on a promotion or rollback rebuild
     * the pinned one. Otherwise {@code GIT_COMMIT}, which Declarative Pipeline sets but Scripted Pipeline's
     * {@code checkout} (workflow-scm-step's {@code SCMStep}) only returns; it is not trusted first because newer
     * Pipeline versions can fill it from a shared library's checkout. A pull request built merged with its target
     * branch is recorded as its head commit ({@link BuiltRevision}).
     */
    String sha(EnvVars env) throws AbortException {
        SCMRevisionAction revision = build.getAction(SCMRevisionAction.class);
        if (revision != null) {
            // A pull request built merged with its base reads "pullHash+baseHash": the core records its head.
            return BuiltRevision.commitOf(revision.getRevision().toString());
        }
        String commit = env.get("GIT_COMMIT");
        if (commit != null && !commit.isBlank()) {
            return commit;
        }
        throw new AbortException("Cannot tell which commit this build deploys: it is not a multibranch build and"
                + " GIT_COMMIT is not set. Use a multibranch project, or (Scripted Pipeline, where checkout returns"
                + " GIT_COMMIT without setting it) wrap the deploy in"
                + " withEnv([\"GIT_COMMIT=${checkout(scm).GIT_COMMIT}\"]) { ... }.");
    }

    JitployRuntime runtime() {
        return JitployRuntime.of(build.getParent());
    }

    private static String listed(List<String> keys) {
        return keys.isEmpty() ? "(none)" : String.join(", ", keys);
    }

    /** The decrypted variables of an environment and the fingerprints of their values; held in memory only. */
    record Decrypted(Map<String, String> variables, SortedMap<String, String> fingerprints) {
        @Override
        public String toString() {
            return "Decrypted" + variables.keySet();
        }
    }

    /**
     * Decrypts the environment's file from the workspace with the key from Credentials. The ciphertext is
     * streamed from the agent to the controller; the plaintext never touches a disk.
     */
    Decrypted decrypt(EnvironmentSpec spec, FilePath workspace, TaskListener listener)
            throws IOException, InterruptedException {
        String environment = spec.name();
        String path = spec.file();
        FilePath file = workspace.child(path);
        if (!file.exists()) {
            throw new AbortException("The encrypted env file " + path + " of environment '" + environment
                    + "' is not in the workspace. Run `checkout scm` first, or create and commit it with"
                    + " `jitploy lock -e " + environment + "`.");
        }
        String credentialsId = spec.credentialsId()
                .orElseThrow(() -> new AbortException("No credential is configured for environment '" + environment
                        + "'. In the folder (or Manage Jenkins > System) under Jitploy environments, declare '"
                        + environment + "' and select the credential holding its key."));
        byte[] content;
        try (InputStream in = file.read()) {
            content = in.readAllBytes();
        }
        try (KeyRing keys = EnvironmentKeyCredentials.open(build, credentialsId, environment);
                DecryptedEnvFile decrypted = EncryptedEnvFile.parse(content, EnvFileFormat.fromPath(Path.of(path)))
                        .decrypt(keys)) {
            listener.getLogger()
                    .println(
                            "[jitploy] Decrypted " + path + " for " + environment + " with credential '" + credentialsId
                                    + "' (" + decrypted.keyFingerprints().size() + " values)");
            return new Decrypted(decrypted.toEnvironment(), decrypted.keyFingerprints());
        } catch (NoMatchingKeyException e) {
            // The core's hint names the CLI's ways to supply a key; in Jenkins the key is the credential.
            throw new AbortException("Cannot decrypt " + path + " for environment '" + environment + "' with the"
                    + " credential '" + credentialsId + "': the file is encrypted for "
                    + listed(e.fileRecipients()) + ", but the credential holds the key of " + listed(e.triedKeys())
                    + ". Put the identity of one of the file's recipients into credential '" + credentialsId
                    + "', or add the credential's recipient to the file (`jitploy recipients add -e " + environment
                    + " <recipient>`, then commit).");
        } catch (EnvFileException e) {
            // Typed, actionable, secret-free messages from the core (wrong key, tampered file, ...).
            throw new AbortException("Cannot decrypt " + path + " for environment '" + environment + "' with the"
                    + " credential '" + credentialsId + "': " + e.getMessage());
        }
    }
}
