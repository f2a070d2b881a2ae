package io.jitploy.envfile;

/** A value sops typed as {@code time} (RFC 3339 text); kept as text, re-encrypted with its type. */
record TimeValue(String text) {
    @Override
    public String toString() {
        return "TimeValue[...]";
    }
}
