package io.jitploy.envfile.pgp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class PgpRoundTripProperties {
    private static final PgpTestKeys KEYS = PgpTestKeys.generate("Prop <prop@example.com>", "pw");
    private static final PgpPublicKey RECIPIENT = PgpPublicKey.parse(KEYS.publicKey());
    private static final PgpSecretKey IDENTITY =
            PgpSecretKey.parse(KEYS.secretKey().getBytes(StandardCharsets.US_ASCII), "pw"::toCharArray);

    @Property(tries = 60)
    void any_key_material_round_trips(@ForAll @Size(min = 1, max = 64) byte[] dataKey) {
        String message = RECIPIENT.encrypt(dataKey);

        assertThat(IDENTITY.decrypt(message)).isEqualTo(dataKey);
    }

    @Property(tries = 30)
    void every_encryption_is_different(@ForAll @Size(value = 32) byte[] dataKey) {
        // Fresh session key and ephemeral ECDH key each time: equal data keys never give equal messages.
        assertThat(RECIPIENT.encrypt(dataKey)).isNotEqualTo(RECIPIENT.encrypt(dataKey));
    }
}
