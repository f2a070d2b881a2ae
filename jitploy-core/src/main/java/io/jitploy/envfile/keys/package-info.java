/**
 * Keys that wrap and unwrap an env file's data key: {@link io.jitploy.envfile.keys.Recipient} (public, wraps),
 * {@link io.jitploy.envfile.keys.Identity} (private, unwraps), {@link io.jitploy.envfile.keys.KeyRing},
 * {@link io.jitploy.envfile.keys.Identities} and {@link io.jitploy.envfile.keys.AgeKeyPair}. age X25519 is built
 * in; other key kinds plug in through {@link io.jitploy.envfile.keys.KeyFormats}.
 */
package io.jitploy.envfile.keys;
