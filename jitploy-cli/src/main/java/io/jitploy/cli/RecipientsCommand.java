package io.jitploy.cli;

import io.jitploy.config.Recipients;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.Recipient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code jitploy recipients add|remove -e ENV RECIPIENT}: changes who can decrypt an environment's file. */
@Command(
        name = "recipients",
        header = "Add or remove a recipient of an environment.",
        mixinStandardHelpOptions = true,
        description = "Add or remove a recipient of an environment (in .jitploy.yml and in the encrypted file).",
        subcommands = {RecipientsCommand.Add.class, RecipientsCommand.Remove.class})
final class RecipientsCommand {

    /** Shared by add and remove: parse the recipient, edit .jitploy.yml, re-wrap the file. */
    abstract static class Change extends Subcommand {
        @Mixin
        EnvironmentOption env;

        @Mixin
        IdentityOption identity;

        Recipient parse(Project project, String recipient) throws java.io.IOException {
            Path keyFile = environment().resolve(recipient);
            if (Files.isRegularFile(keyFile)) {
                String armored = Files.readString(keyFile, StandardCharsets.US_ASCII);
                Recipient parsed = Recipient.parse(armored);
                // Commit the public key with the project so everyone can encrypt to the fingerprint.
                Path stored =
                        project.root().resolve(PgpPublicKeyLookup.DIRECTORY).resolve(parsed.id() + ".asc");
                Files.createDirectories(stored.getParent());
                Files.writeString(stored, armored, StandardCharsets.US_ASCII);
                return parsed;
            }
            return Recipient.parse(recipient);
        }

        /** Re-wraps (or rotates) the file for the recipients now declared, if it exists and a key opens it. */
        void rewrap(Project project, boolean rotate) throws Exception {
            Project.Environment environment = Project.load(project.root()).environment(env.name);
            if (!Files.isRegularFile(environment.encrypted())) {
                return;
            }
            List<Recipient> recipients = EnvironmentFiles.recipients(environment.recipients(), env.name);
            Optional<KeyRing> keys = identity.find(environment(), err());
            if (keys.isEmpty()) {
                err().println("warning: no key to open " + environment.encrypted() + ", so it is still encrypted for"
                        + " the old recipients. Someone who has a key runs `jitploy lock -e " + env.name
                        + "` or `jitploy rotate -e " + env.name + "`.");
                return;
            }
            try (KeyRing ring = keys.get()) {
                EncryptedEnvFile file = EncryptedEnvFile.read(environment.encrypted());
                EncryptedEnvFile updated =
                        rotate ? file.rotate(ring, recipients) : file.withRecipients(ring, recipients);
                updated.writeAtomically(environment.encrypted());
            }
        }
    }

    @Command(
            name = "add",
            header = "Add a recipient to an environment and re-wrap the data key for it.",
            mixinStandardHelpOptions = true,
            description = "Add RECIPIENT to ENV in .jitploy.yml and re-wrap the file's data key for it.")
    static final class Add extends Change {
        @Parameters(
                index = "0",
                paramLabel = "RECIPIENT",
                description = "age recipient (age1...), OpenPGP fingerprint, or OpenPGP public key file (.asc).")
        String recipient;

        @Override
        public Integer call() throws Exception {
            Project project = project();
            project.environment(env.name);
            Recipient parsed = parse(project, recipient);
            ProjectFile.addRecipient(project.configFile(), env.name, parsed.type(), parsed.id());
            rewrap(project, false);
            out().println("Added " + parsed.type() + " recipient " + parsed.id() + " to " + env.name + ".");
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "remove",
            header = "Remove a recipient from an environment (--rotate to revoke it).",
            mixinStandardHelpOptions = true,
            description = {
                "Remove RECIPIENT from ENV in .jitploy.yml and from the file. Without --rotate the removed key",
                "keeps working with the data key it had: use --rotate (or `jitploy rotate`) to revoke it."
            })
    static final class Remove extends Change {
        @Parameters(
                index = "0",
                paramLabel = "RECIPIENT",
                description = "age recipient (age1...) or OpenPGP fingerprint.")
        String recipient;

        @Option(names = "--rotate", description = "Also rotate the data key, which revokes the removed recipient.")
        boolean rotate;

        @Override
        public Integer call() throws Exception {
            Project project = project();
            Recipients before = project.environment(env.name).recipients();
            String id = PgpOrAge.normalize(recipient);
            if (!RecipientSync.required(before).contains(id)) {
                throw CliException.config(id + " is not a recipient of " + env.name + " in .jitploy.yml (escrow"
                        + " recipients are removed from the escrow section by hand).");
            }
            ProjectFile.removeRecipient(project.configFile(), env.name, PgpOrAge.type(id), id);
            rewrap(project, rotate);
            out().println("Removed " + id + " from " + env.name + ".");
            if (!rotate) {
                err().println("warning: removal without rotation does not revoke: run `jitploy rotate -e " + env.name
                        + "` and commit the result.");
            }
            return ExitCodes.OK;
        }
    }
}
