package io.jitploy.cli;

import io.jitploy.config.Recipients;
import io.jitploy.envfile.EncryptedEnvFile;
import io.jitploy.envfile.keys.KeyRing;
import io.jitploy.envfile.keys.MasterKeyEntry;
import io.jitploy.envfile.keys.Recipient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Brings a file's recipients in line with {@code .jitploy.yml} (declared recipients plus escrow); the comparison
 * for {@code check} is the config package's {@link io.jitploy.config.RecipientPolicy}.
 */
final class RecipientSync {
    private RecipientSync() {}

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

    /** The file's recipients by kind, as {@code .jitploy.yml} lists them. */
    static Recipients inFile(EncryptedEnvFile file) {
        List<String> age = new ArrayList<>();
        List<String> pgp = new ArrayList<>();
        for (MasterKeyEntry entry : file.metadata().keys()) {
            if (entry.type().equals("age")) {
                age.add(PgpOrAge.normalize(entry.recipientId()));
            } else if (entry.type().equals("pgp")) {
                pgp.add(PgpOrAge.normalize(entry.recipientId()));
            }
        }
        return new Recipients(age, pgp);
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
