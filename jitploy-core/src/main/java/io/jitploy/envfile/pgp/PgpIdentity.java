package io.jitploy.envfile.pgp;

import io.jitploy.envfile.WrongKeyException;
import io.jitploy.envfile.keys.Identity;
import io.jitploy.envfile.keys.MasterKeyEntry;
import java.util.Optional;

/** An OpenPGP secret key as an {@link Identity}: opens sops {@code pgp[]} entries addressed to it. */
final class PgpIdentity implements Identity {
    private final PgpSecretKey key;

    PgpIdentity(PgpSecretKey key) {
        this.key = key;
    }

    @Override
    public String type() {
        return PgpKeyFormat.TYPE;
    }

    @Override
    public String publicId() {
        return key.fingerprint();
    }

    @Override
    public Optional<byte[]> unwrap(MasterKeyEntry entry) {
        if (!PgpKeyFormat.TYPE.equals(entry.type())) {
            return Optional.empty();
        }
        try {
            return Optional.of(key.decrypt(entry.enc()));
        } catch (PgpException e) {
            if (e.reason() == PgpException.Reason.WRONG_PASSPHRASE) {
                // Not "no matching key": the user must fix the passphrase, so say so.
                throw new WrongKeyException(e.getMessage());
            }
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "OpenPGP identity " + key.fingerprint();
    }
}
