package io.jitploy.envfile;

import java.util.List;

/** Reads and writes one file format, as a sops store does. */
interface Store {
    /** An encrypted file split into its documents (without the {@code sops} key) and its raw metadata tree. */
    record Parsed(List<Mapping> documents, Object metadata) {}

    Parsed parseEncrypted(byte[] content);

    List<Mapping> parsePlain(byte[] content);

    byte[] emitEncrypted(List<Mapping> documents, Mapping metadata);

    byte[] emitPlain(List<Mapping> documents);

    static Store of(EnvFileFormat format) {
        return switch (format) {
            case YAML -> new YamlStore();
            case JSON -> new JsonStore();
            case DOTENV -> new DotenvStore();
            case BINARY -> new BinaryStore();
        };
    }

    /** Rejects a data key named {@code sops} in a plaintext document, which would shadow the metadata. */
    static void rejectReservedKey(List<Mapping> documents) {
        for (Mapping document : documents) {
            if (document.containsKey("sops")) {
                throw new MalformedEnvFileException("The document has a top-level key named `sops`, which is reserved"
                        + " for the encryption metadata. Rename that key.");
            }
        }
    }

    /** Splits the {@code sops} metadata off encrypted documents; every document carries a copy. */
    static Parsed splitMetadata(List<Mapping> documents) {
        Object metadata = null;
        for (Mapping document : documents) {
            Object candidate = document.get("sops");
            if (candidate != null && metadata == null) {
                metadata = candidate;
            }
            document.remove("sops");
        }
        if (metadata == null) {
            throw new MalformedEnvFileException("The file has no `sops` metadata, so it is not an encrypted env file."
                    + " Encrypt it first (`jitploy lock` or `jitploy encrypt`), or pass the plaintext file where a"
                    + " plaintext file is expected.");
        }
        return new Parsed(documents, metadata);
    }
}
