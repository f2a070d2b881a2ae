package io.jitploy.coordination;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads and writes {@link CoordinatorState} as JSON (UTF-8). The top-level {@code format} field versions the
 * layout: a newer format is refused with a message rather than half-read, and unknown fields are errors so a
 * corrupted or foreign file is never mistaken for an empty queue. Instants are ISO-8601 strings.
 */
public final class CoordinatorStateCodec {
    /** The format written by this version. */
    public static final int FORMAT = 1;

    private final ObjectMapper mapper;

    public CoordinatorStateCodec() {
        SimpleModule instants = new SimpleModule("jitploy-instants");
        instants.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
                gen.writeString(value.toString());
            }
        });
        instants.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
                String text = parser.getValueAsString();
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e) {
                    throw context.weirdStringException(text, Instant.class, "expected an ISO-8601 instant");
                }
            }
        });
        mapper = new ObjectMapper()
                .registerModule(instants)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    public byte[] encode(CoordinatorState state) {
        try {
            return mapper.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode coordinator state", e);
        }
    }

    /**
     * Parses bytes written by {@link #encode}.
     *
     * @throws CoordinatorStateFormatException if the bytes are not coordinator state of a known format
     */
    public CoordinatorState decode(byte[] bytes) {
        JsonNode tree;
        try {
            tree = mapper.readTree(bytes);
        } catch (IOException e) {
            throw new CoordinatorStateFormatException(
                    "coordinator state is not valid JSON (" + detail(e) + "); restore it from a backup "
                            + "or delete it to start with empty queues",
                    e);
        }
        if (tree == null || !tree.isObject() || !tree.path("format").isInt()) {
            throw new CoordinatorStateFormatException(
                    "coordinator state has no integer 'format' field; this is not a Jitploy coordinator state file",
                    null);
        }
        int format = tree.get("format").intValue();
        if (format != FORMAT) {
            throw new CoordinatorStateFormatException(
                    "coordinator state has format " + format + " but this Jitploy reads format " + FORMAT
                            + "; upgrade Jitploy (or restore state written by this version)",
                    null);
        }
        try {
            return mapper.treeToValue(tree, CoordinatorState.class);
        } catch (IOException e) {
            throw new CoordinatorStateFormatException(
                    "coordinator state is malformed: " + detail(e)
                            + "; restore it from a backup or delete it to start with empty queues",
                    e);
        }
    }

    private static String detail(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json
                ? json.getOriginalMessage()
                : e.getMessage();
    }
}
