package io.jitploy.envfile;

import java.util.List;

/** Any file encrypted whole, as sops' binary store: {@code {"data": "ENC[...]", "sops": {...}}} in JSON. */
final class BinaryStore implements Store {
    static final String DATA = "data";

    @Override
    public Parsed parseEncrypted(byte[] content) {
        Parsed parsed = new JsonStore().parseEncrypted(content);
        Mapping document = parsed.documents().get(0);
        if (document.items.size() != 1 || !(document.get(DATA) instanceof String)) {
            throw new MalformedEnvFileException("An encrypted binary file must hold exactly one \"data\" string and"
                    + " the sops metadata. Restore the file from version control.");
        }
        return parsed;
    }

    @Override
    public List<Mapping> parsePlain(byte[] content) {
        Mapping document = new Mapping();
        document.items.add(new Item(DATA, content.clone()));
        return List.of(document);
    }

    @Override
    public byte[] emitEncrypted(List<Mapping> documents, Mapping metadata) {
        return new JsonStore().emitEncrypted(documents, metadata);
    }

    @Override
    public byte[] emitPlain(List<Mapping> documents) {
        Object data = documents.get(0).get(DATA);
        if (data instanceof byte[] bytes) {
            return bytes.clone();
        }
        return ValueEncoding.toBytes(data == null ? "" : data);
    }
}
