package io.jitploy.envfile.pgp;

import io.jitploy.envfile.keys.MasterKeyEntry;
import io.jitploy.envfile.keys.Recipient;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** An OpenPGP recipient; writes sops {@code pgp[]} entries {@code {created_at, enc, fp}}. */
final class PgpRecipient implements Recipient {
    private final PgpPublicKey key;

    PgpRecipient(PgpPublicKey key) {
        this.key = key;
    }

    @Override
    public String type() {
        return PgpKeyFormat.TYPE;
    }

    @Override
    public String id() {
        return key.fingerprint();
    }

    @Override
    public MasterKeyEntry wrap(byte[] dataKey, Instant now) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("created_at", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS)));
        fields.put("enc", key.encrypt(dataKey));
        fields.put("fp", key.fingerprint());
        return MasterKeyEntry.of(PgpKeyFormat.TYPE, fields);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PgpRecipient other && id().equals(other.id());
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return id();
    }
}
