package io.jitploy.cli;

import io.jitploy.config.Recipients;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.Recipient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The rule of {@code .jitploy.yml}: an environment's file is encrypted for exactly the declared recipients plus the
 * escrow recipients. Compares and repairs files.
 */
final class RecipientPolicy {
    private RecipientPolicy() {}

    /** Normalised public ids the file must have (age lower case, OpenPGP fingerprints upper-case hex). */
    static Set<String> required(Recipients recipients) {
        Set<String> ids = new LinkedHashSet<>();
        recipients.age().forEach(id -> ids.add(PgpOrAge.normalize(id)));
        recipients.pgp().forEach(id -> ids.add(PgpOrAge.normalize(id)));
        return ids;
    }

    /** Normalised public ids the file is encrypted for. */
    static Set<String> actual(EncryptedEnvFile file) {
        Set<String> ids = new LinkedHashSet<>();
        file.metadata().recipientIds().forEach(id -> ids.add(PgpOrAge.normalize(id)));
        return ids;
    }

    /** Problems as sentences (empty when the file follows the policy). */
    static List<String> problems(EncryptedEnvFile file, Recipients recipients, String environment) {
        Set<String> required = required(recipients);
        Set<String> actual = actual(file);
        List<String> problems = new ArrayList<>();
        for (String id : required) {
            if (!actual.contains(id)) {
                problems.add("not encrypted for " + id + " (declared in .jitploy.yml): run `jitploy recipients add -e "
                        + environment + " " + id + "` or `jitploy lock -e " + environment + "`");
            }
        }
        for (String id : actual) {
            if (!required.contains(id)) {
                problems.add("encrypted for " + id + ", which .jitploy.yml does not declare: run `jitploy rotate -e "
                        + environment + "` to revoke it, or declare it");
            }
        }
        return problems;
    }

    /**
     * Re-wraps the data key when the file's recipients differ from the policy. Removing a recipient this way does
     * not revoke it (it may have kept the data key), so the user is told to rotate.
     */
    static EncryptedEnvFile apply(EncryptedEnvFile file, List<Recipient> recipients, KeyRing keys, PrintWriter err) {
        Set<String> wanted = new LinkedHashSet<>();
        recipients.forEach(r -> wanted.add(r.id()));
        Set<String> actual = actual(file);
        if (wanted.equals(actual)) {
            return file;
        }
        Set<String> removed = new LinkedHashSet<>(actual);
        removed.removeAll(wanted);
        if (!removed.isEmpty()) {
            err.println("warning: removed recipients " + String.join(", ", removed) + " can still decrypt with the"
                    + " data key they had. Run `jitploy rotate` to revoke them.");
        }
        return file.withRecipients(keys, recipients);
    }
}
