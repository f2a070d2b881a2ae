package io.jitploy.envfile;

import io.jitploy.envfile.keys.AgeKeyPair;
import io.jitploy.envfile.keys.KeyRing;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** One shared age key pair per test JVM (key generation is cheap, but fixed keys keep failures readable). */
final class EnvFileTestKeys {
    static final AgeKeyPair ALICE = AgeKeyPair.generate();
    static final AgeKeyPair BOB = AgeKeyPair.generate();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-22T20:16:23Z"), ZoneOffset.UTC);

    private EnvFileTestKeys() {}

    static EncryptionSettings forAlice() {
        return EncryptionSettings.builder()
                .recipient(ALICE.toRecipient())
                .clock(CLOCK)
                .build();
    }

    static KeyRing alice() {
        return KeyRing.of(List.of(ALICE.toIdentity()));
    }

    static KeyRing bob() {
        return KeyRing.of(List.of(BOB.toIdentity()));
    }
}
