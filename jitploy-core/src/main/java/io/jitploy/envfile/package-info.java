/**
 * SOPS-compatible encrypted environment files (YAML, JSON, dotenv, binary): keys stay readable, every selected
 * value is AES-256-GCM encrypted under a per-file data key with its key path as associated data, and a MAC covers
 * all values. See {@code docs/envfiles.md}.
 */
package io.jitploy.envfile;
