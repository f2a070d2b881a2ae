package io.jitploy.cli;

import io.jitploy.envfile.keys.AgeKeyPair;
import java.time.Instant;
import picocli.CommandLine.Command;

/**
 * {@code jitploy keygen -e ENV}: creates an age identity for an environment, stores it in the user's key file
 * (outside the repository, mode 0600), declares its recipient in {@code .jitploy.yml} and re-wraps the existing
 * file for it when a key is at hand.
 */
@Command(
        name = "keygen",
        header = "Create an age key for an environment and add its recipient.",
        mixinStandardHelpOptions = true,
        description = {
            "Create an age identity for ENV. The identity goes to your key file (default",
            "~/.config/jitploy/keys.txt, mode 0600, never in the repository); the public recipient is printed and",
            "added to ENV in .jitploy.yml."
        })
final class KeygenCommand extends RecipientsCommand.Change {
    @Override
    public Integer call() throws Exception {
        Project project = project();
        project.environment(env.name);
        AgeKeyPair pair = AgeKeyPair.generate();
        UserKeyFile keyFile = new UserKeyFile(environment().userKeyFile());
        keyFile.append(project.application(), env.name, pair, Instant.now());
        ProjectFile.addRecipient(project.configFile(), env.name, "age", pair.recipient());
        rewrap(project, false);
        out().println(pair.recipient());
        err().println("Stored the identity for " + env.name + " in " + keyFile.path() + " (mode 0600).");
        err().println("Added the recipient to " + env.name + " in " + Project.FILE_NAME + ".");
        err().println("For Jenkins, store the AGE-SECRET-KEY-1... line below `# env: " + env.name + "` in that file as"
                + " a \"Secret text\" credential (in the Jenkins folder: Credentials > Global credentials > Add"
                + " Credentials > Kind: Secret text),"
                + " e.g. with ID jitploy-" + project.application() + "-" + env.name
                + ", and never commit it.");
        return ExitCodes.OK;
    }
}
