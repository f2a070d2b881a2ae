package io.jitploy.ledger;

/** Index key for one (application, environment) history inside the ledger. */
record EnvKey(String application, String environment) {
    static EnvKey of(Release release) {
        return new EnvKey(release.application(), release.environment());
    }
}
