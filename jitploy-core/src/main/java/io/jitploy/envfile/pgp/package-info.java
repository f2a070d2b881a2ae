/**
 * OpenPGP recipients for encrypted environment files, as sops stores them in {@code sops.pgp[]}: the 32-byte data key
 * is encrypted to a recipient's public key as an ASCII-armored OpenPGP message, and decrypted with an armored
 * OpenPGP secret key (with optional passphrase). Everything runs on BouncyCastle; no GnuPG keyring or agent is
 * needed.
 */
package io.jitploy.envfile.pgp;
