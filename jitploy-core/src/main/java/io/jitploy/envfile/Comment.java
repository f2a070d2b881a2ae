package io.jitploy.envfile;

/** A comment line of a YAML or dotenv file, text after the {@code #}. sops encrypts comments like values. */
record Comment(String text) {
    @Override
    public String toString() {
        return "Comment[...]";
    }
}
