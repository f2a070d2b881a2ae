package io.jitploy.envfile;

import static io.jitploy.envfile.EnvFileTestKeys.alice;
import static io.jitploy.envfile.EnvFileTestKeys.forAlice;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Generated documents survive plaintext → encrypted file → parse → decrypt → plaintext unchanged, in every
 * format: unicode keys and values, nesting, lists, numbers, booleans, empty values and nulls.
 */
class RoundTripProperties {

    @BeforeTry
    void noop() {}

    @Property(tries = 60)
    void yamlDocumentsRoundTrip(@ForAll("documents") Mapping document) {
        roundTrip(document, EnvFileFormat.YAML);
    }

    @Property(tries = 60)
    void jsonDocumentsRoundTrip(@ForAll("jsonDocuments") Mapping document) {
        roundTrip(document, EnvFileFormat.JSON);
    }

    @Property(tries = 60)
    void dotenvDocumentsRoundTrip(@ForAll("dotenvDocuments") Mapping document) {
        roundTrip(document, EnvFileFormat.DOTENV);
    }

    @Property(tries = 30)
    void binaryContentRoundTrips(@ForAll byte[] content) {
        EncryptedEnvFile file = EncryptedEnvFile.encrypt(content, EnvFileFormat.BINARY, forAlice());
        try (DecryptedEnvFile decrypted =
                EncryptedEnvFile.parse(file.toBytes(), EnvFileFormat.BINARY).decrypt(alice())) {
            assertThat(decrypted.plaintext()).isEqualTo(content);
        }
    }

    private static void roundTrip(Mapping document, EnvFileFormat format) {
        Store store = Store.of(format);
        byte[] plaintext = store.emitPlain(List.of(document));
        assertThat(TreeView.of(store.parsePlain(plaintext))).isEqualTo(TreeView.of(List.of(document)));

        EncryptedEnvFile file = EncryptedEnvFile.encrypt(plaintext, format, forAlice());
        EncryptedEnvFile parsed = EncryptedEnvFile.parse(file.toBytes(), format);
        assertThat(parsed.toBytes()).isEqualTo(file.toBytes());
        try (DecryptedEnvFile decrypted = parsed.decrypt(alice())) {
            assertThat(decrypted.plaintext()).isEqualTo(plaintext);
            assertThat(decrypted.keyPaths()).isEqualTo(KeyPath.leaves(List.of(document)));
            // Re-encrypting the unchanged plaintext changes nothing but lastmodified and the MAC's IV.
            EncryptedEnvFile again = decrypted.reencrypt(plaintext);
            assertThat(dataLines(again.toBytes(), format)).isEqualTo(dataLines(file.toBytes(), format));
        }
    }

    private static List<String> dataLines(byte[] content, EnvFileFormat format) {
        List<String> lines = new ArrayList<>();
        for (String line : new String(content, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
            if (!line.contains("mac") && !line.contains("lastmodified")) {
                lines.add(line);
            }
        }
        return lines;
    }

    // ---- generators

    private static Arbitrary<String> text() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u00ff')
                .withCharRange('\u0391', '\u03c9')
                .withCharRange('\u4e00', '\u4e2f')
                .withChars('\t', '\n', '\r', '\u0000', '\u0085', '\u2028', '\ufeff', '#', ':', '-', '\'', '"')
                .ofMaxLength(24)
                .edgeCases(edges -> edges.add("yes")
                        .add("no")
                        .add("on")
                        .add("0x1F")
                        .add("1e3")
                        .add("null")
                        .add("2026-05-22T20:16:23Z")
                        .add("- x")
                        .add(" padded ")
                        .add("a: b")
                        .add("ENC[")
                        .add("~"));
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                text().filter(k -> !k.equals("sops")),
                Arbitraries.strings()
                        .alpha()
                        .numeric()
                        .withChars('_')
                        .ofMinLength(1)
                        .ofMaxLength(12));
    }

    private static Arbitrary<Object> scalar(boolean json) {
        Arbitrary<Double> doubles = json
                ? Arbitraries.doubles().filter(d -> !d.isNaN() && !d.isInfinite())
                : Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.POSITIVE_INFINITY);
        return Arbitraries.oneOf(
                text().map(s -> (Object) s),
                Arbitraries.longs().map(l -> (Object) l),
                doubles.map(d -> (Object) d),
                Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b),
                Arbitraries.just("").map(s -> (Object) s),
                Arbitraries.just(null));
    }

    private static Arbitrary<Object> value(int depth, boolean json) {
        if (depth == 0) {
            return scalar(json);
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, scalar(json)),
                net.jqwik.api.Tuple.of(2, mapping(depth - 1, json).map(m -> (Object) m)),
                net.jqwik.api.Tuple.of(
                        2, value(depth - 1, json).list().ofMaxSize(4).map(l -> (Object) new ArrayList<>(l))));
    }

    private static Arbitrary<Mapping> mapping(int depth, boolean json) {
        return Combinators.combine(
                        keys().list().uniqueElements().ofMaxSize(5),
                        value(depth, json).list().ofSize(5))
                .as((keys, values) -> {
                    Mapping mapping = new Mapping();
                    for (int i = 0; i < keys.size(); i++) {
                        mapping.put(keys.get(i), values.get(i));
                    }
                    return mapping;
                });
    }

    @Provide
    Arbitrary<Mapping> documents() {
        return mapping(3, false);
    }

    @Provide
    Arbitrary<Mapping> jsonDocuments() {
        return mapping(3, true);
    }

    @Provide
    Arbitrary<Mapping> dotenvDocuments() {
        Arbitrary<String> key = Arbitraries.strings()
                .withCharRange('!', '~')
                .withCharRange('\u00e0', '\u00ff')
                .withChars(' ')
                .ofMinLength(1)
                .ofMaxLength(16)
                .filter(k -> !k.contains("=") && !k.startsWith("#") && !k.startsWith("sops_"));
        Arbitrary<String> value = text().filter(v -> !v.contains("\\n"));
        return Arbitraries.maps(key, value).ofMaxSize(8).map(map -> {
            Mapping mapping = new Mapping();
            for (Map.Entry<String, String> e : map.entrySet()) {
                mapping.put(e.getKey(), e.getValue());
            }
            return mapping;
        });
    }
}
