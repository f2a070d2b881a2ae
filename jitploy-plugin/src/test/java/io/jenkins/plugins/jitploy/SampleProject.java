package io.jenkins.plugins.jitploy;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SystemCredentialsProvider;
import hudson.util.Secret;
import io.jenkins.plugins.jitploy.folder.EnvironmentDefinition;
import io.jenkins.plugins.jitploy.folder.JitployFolderProperty;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.EncryptionSettings;
import io.jitploy.envfile.EnvFileFormat;
import io.jitploy.envfile.keys.AgeKeyPair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import jenkins.branch.BranchSource;
import jenkins.plugins.git.GitSCMSource;
import jenkins.plugins.git.GitSampleRepoRule;
import jenkins.plugins.git.traits.BranchDiscoveryTrait;
import net.sf.json.JSONObject;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject;
import org.jvnet.hudson.test.JenkinsRule;

/**
 * A real application repository (git sample repo) with {@code .jitploy.yml} and env files encrypted by the core
 * for fresh age keys, the keys stored as Secret text credentials, and a multibranch project for it inside a
 * folder that declares the environments. Used by the end-to-end tests of the steps.
 */
final class SampleProject {
    static final String STAGING_PASSWORD = "s3cr3t-staging-p4ss";
    static final String PRODUCTION_PASSWORD = "pr0d-only-p4ss-9f1";

    /** Deploys, echoing a secret (must come out masked) and its base64 form (masked too). */
    static final String JENKINSFILE = "node {\n"
            + "  checkout scm\n"
            + "  jitployDeploy {\n"
            + "    sh 'echo \"deploying $JITPLOY_APP $JITPLOY_VERSION to $JITPLOY_ENV ($JITPLOY_TRIGGER)\";"
            + " echo \"password=$DB_PASSWORD\"; printf %s \"$DB_PASSWORD\" | base64'\n"
            + "  }\n"
            + "}\n";

    final JenkinsRule r;
    final GitSampleRepoRule repo;
    final AgeKeyPair stagingKey = AgeKeyPair.generate();
    final AgeKeyPair productionKey = AgeKeyPair.generate();
    Folder folder;
    WorkflowMultiBranchProject project;

    SampleProject(JenkinsRule r, GitSampleRepoRule repo) {
        this.r = r;
        this.repo = repo;
    }

    /** Creates repository, credentials, folder and multibranch project, and waits for the first builds. */
    SampleProject create(String jenkinsfile) throws Exception {
        repo.init();
        repo.git("branch", "-M", "main");
        repo.write(".jitploy.yml", config());
        repo.write("config/staging.enc.yaml", encrypt(stagingKey, "DB_PASSWORD: " + STAGING_PASSWORD + "\n"));
        repo.write("config/production.enc.yaml", encrypt(productionKey, "DB_PASSWORD: " + PRODUCTION_PASSWORD + "\n"));
        repo.write("Jenkinsfile", jenkinsfile);
        repo.git("add", ".");
        repo.git("commit", "--message=first version");
        addSecretText("staging-key", stagingKey.identity());
        addSecretText("production-key", productionKey.identity());
        folder = r.jenkins.createProject(Folder.class, "team");
        folder.addProperty(new JitployFolderProperty(
                List.of(environment("staging", "staging-key"), environment("production", "production-key"))));
        project = folder.createProject(WorkflowMultiBranchProject.class, "shop");
        // A GitSCMSource built in code has no traits; without branch discovery the scan finds no branch.
        GitSCMSource source = new GitSCMSource(repo.toString());
        source.setTraits(List.of(new BranchDiscoveryTrait()));
        project.getSourcesList().add(new BranchSource(source));
        project.scheduleBuild2(0).getFuture().get();
        r.waitUntilNoActivity();
        return this;
    }

    String config() {
        return "version: 1\n"
                + "application: shop\n"
                + "environments:\n"
                + "  staging:\n"
                + "    branches: [main]\n"
                + "    file: config/staging.enc.yaml\n"
                + "    recipients: {age: [" + stagingKey.recipient() + "]}\n"
                + "  production:\n"
                + "    promote_from: staging\n"
                + "    file: config/production.enc.yaml\n"
                + "    recipients: {age: [" + productionKey.recipient() + "]}\n";
    }

    static EnvironmentDefinition environment(String name, String credentialsId) {
        EnvironmentDefinition environment = new EnvironmentDefinition(name);
        environment.setCredentialsId(credentialsId);
        return environment;
    }

    static String encrypt(AgeKeyPair key, String yaml) {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(
                yaml.getBytes(StandardCharsets.UTF_8),
                EnvFileFormat.YAML,
                EncryptionSettings.forRecipients(List.of(key.toRecipient())));
        return new String(file.toBytes(), StandardCharsets.UTF_8);
    }

    static void addSecretText(String id, String value) throws Exception {
        SystemCredentialsProvider store = SystemCredentialsProvider.getInstance();
        store.getCredentials()
                .add(new StringCredentialsImpl(CredentialsScope.GLOBAL, id, "Jitploy key", Secret.fromString(value)));
        store.save();
    }

    /** Commits a change and rescans, so that the branch project builds the new head. */
    String push(String file, String content, String message) throws Exception {
        repo.write(file, content);
        repo.git("add", file);
        repo.git("commit", "--message=" + message);
        project.scheduleBuild2(0).getFuture().get();
        r.waitUntilNoActivity();
        return repo.head();
    }

    WorkflowJob branch(String name) {
        return project.getItem(name);
    }

    /** The REST endpoint of the folder, as a script would read it. */
    JSONObject api() throws Exception {
        return r.getJSON(folder.getUrl() + "jitploy/api/json?depth=2").getJSONObject();
    }

    /** An environment in the REST endpoint (its live release, deploy, queue and lock), or null when not shown. */
    JSONObject live(String environment) throws Exception {
        for (Object app : api().getJSONArray("applications")) {
            for (Object env : ((JSONObject) app).getJSONArray("environments")) {
                if (environment.equals(((JSONObject) env).getString("name"))) {
                    return (JSONObject) env;
                }
            }
        }
        return null;
    }
}
