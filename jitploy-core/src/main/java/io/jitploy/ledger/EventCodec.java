package io.jitploy.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jitploy.health.HealthResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON payloads of ledger records and snapshots. Field names are part of the on-disk format (docs/ledger.md), so
 * they are written out by hand here rather than derived from Java names that a refactoring could change.
 */
final class EventCodec {
    static final ObjectMapper JSON = new ObjectMapper();

    private EventCodec() {}

    static byte[] encode(LedgerEvent event) {
        ObjectNode node = JSON.createObjectNode();
        node.put("seq", event.seq());
        node.put("at", event.at().toString());
        if (event instanceof LedgerEvent.Created created) {
            node.put("type", "created");
            node.set("release", releaseNode(created.release()));
        } else {
            node.put("id", event.id());
            if (event instanceof LedgerEvent.Started) {
                node.put("type", "started");
            } else if (event instanceof LedgerEvent.Finished finished) {
                node.put("type", "finished");
                node.put("result", finished.result().name());
                putHealth(node, finished.health());
            } else if (event instanceof LedgerEvent.HealthRecorded recorded) {
                node.put("type", "health");
                putHealth(node, recorded.health());
            } else if (event instanceof LedgerEvent.MarkedBad bad) {
                node.put("type", "markedBad");
                node.put("reason", bad.reason());
                node.put("by", bad.by());
            } else if (event instanceof LedgerEvent.MarkedIrreversible fence) {
                node.put("type", "irreversible");
                node.put("by", fence.by());
            } else if (event instanceof LedgerEvent.NoteSet note) {
                node.put("type", "note");
                node.put("note", note.note());
            }
        }
        return bytes(node);
    }

    /** Decodes a record payload; throws {@link IllegalArgumentException} saying what is wrong with it. */
    static LedgerEvent decode(byte[] payload) {
        JsonNode node = tree(payload);
        long seq = requireField(node, "seq").asLong();
        Instant at = instant(requireField(node, "at"));
        String type = requireField(node, "type").asText();
        if (type.equals("created")) {
            return new LedgerEvent.Created(seq, at, release(requireField(node, "release")));
        }
        String id = requireField(node, "id").asText();
        switch (type) {
            case "started":
                return new LedgerEvent.Started(seq, at, id);
            case "finished":
                return new LedgerEvent.Finished(
                        seq,
                        at,
                        id,
                        ReleaseResult.valueOf(requireField(node, "result").asText()),
                        health(node));
            case "health":
                return new LedgerEvent.HealthRecorded(seq, at, id, health(node));
            case "markedBad":
                return new LedgerEvent.MarkedBad(
                        seq,
                        at,
                        id,
                        requireField(node, "reason").asText(),
                        requireField(node, "by").asText());
            case "irreversible":
                return new LedgerEvent.MarkedIrreversible(
                        seq, at, id, requireField(node, "by").asText());
            case "note":
                return new LedgerEvent.NoteSet(seq, at, id, text(node, "note"));
            default:
                throw new IllegalArgumentException("unknown record type '" + type + "' (written by a newer Jitploy?)");
        }
    }

    static ObjectNode releaseNode(Release r) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", r.id());
        node.put("application", r.application());
        node.put("environment", r.environment());
        node.put("version", r.version());
        node.put("sha", r.sha());
        node.put("ref", r.ref());
        node.put("buildUrl", r.buildUrl());
        node.put("trigger", r.trigger().name());
        node.put("user", r.user());
        node.put("queuedAt", str(r.queuedAt()));
        node.put("startedAt", str(r.startedAt()));
        node.put("finishedAt", str(r.finishedAt()));
        node.put("result", r.result().name());
        putHealth(node, r.health());
        node.put("note", r.note());
        if (r.bad() != null) {
            ObjectNode bad = node.putObject("bad");
            bad.put("reason", r.bad().reason());
            bad.put("by", r.bad().by());
            bad.put("at", r.bad().at().toString());
        }
        if (r.irreversibleMark() != null) {
            ObjectNode fence = node.putObject("irreversible");
            fence.put("by", r.irreversibleMark().by());
            fence.put("at", r.irreversibleMark().at().toString());
        }
        ObjectNode config = node.putObject("configFingerprints");
        r.configFingerprints().forEach(config::put);
        node.put("commitTime", str(r.commitTime()));
        node.put("promotedFrom", r.promotedFrom());
        node.put("rollbackOf", r.rollbackOf());
        return node;
    }

    static Release release(JsonNode node) {
        TreeMap<String, String> config = new TreeMap<>();
        JsonNode configNode = node.get("configFingerprints");
        if (configNode != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = configNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                config.put(e.getKey(), e.getValue().asText());
            }
        }
        JsonNode badNode = node.get("bad");
        BadMark bad = badNode == null || badNode.isNull()
                ? null
                : new BadMark(badNode.get("reason").asText(), badNode.get("by").asText(), instant(badNode.get("at")));
        JsonNode fenceNode = node.get("irreversible");
        IrreversibleMark fence = fenceNode == null || fenceNode.isNull()
                ? null
                : new IrreversibleMark(fenceNode.get("by").asText(), instant(fenceNode.get("at")));
        return new Release(
                requireField(node, "id").asText(),
                requireField(node, "application").asText(),
                requireField(node, "environment").asText(),
                requireField(node, "version").asText(),
                text(node, "sha"),
                text(node, "ref"),
                text(node, "buildUrl"),
                Trigger.valueOf(requireField(node, "trigger").asText()),
                text(node, "user"),
                instant(requireField(node, "queuedAt")),
                instantOrNull(node.get("startedAt")),
                instantOrNull(node.get("finishedAt")),
                ReleaseResult.valueOf(requireField(node, "result").asText()),
                health(node),
                text(node, "note"),
                bad,
                fence,
                config,
                instantOrNull(node.get("commitTime")),
                text(node, "promotedFrom"),
                text(node, "rollbackOf"));
    }

    private static void putHealth(ObjectNode node, HealthResult health) {
        if (health == null) {
            return;
        }
        ObjectNode h = node.putObject("health");
        h.put("healthy", health.healthy());
        h.put("attempts", health.attempts());
        h.put("lastStatus", health.lastStatus());
        h.put("reason", health.reason());
        h.put("took", health.took() == null ? null : health.took().toString());
    }

    private static HealthResult health(JsonNode node) {
        JsonNode h = node.get("health");
        if (h == null || h.isNull()) {
            return null;
        }
        JsonNode took = h.get("took");
        return new HealthResult(
                h.get("healthy").asBoolean(),
                h.get("attempts").asInt(),
                h.get("lastStatus").asInt(),
                text(h, "reason"),
                took == null || took.isNull() ? null : Duration.parse(took.asText()));
    }

    static JsonNode tree(byte[] payload) {
        try {
            return JSON.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("payload is not valid JSON (" + e.getMessage() + ")", e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialize a ledger record", e);
        }
    }

    static JsonNode requireField(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + name + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static String str(Instant at) {
        return at == null ? null : at.toString();
    }

    private static Instant instant(JsonNode node) {
        return Instant.parse(node.asText());
    }

    private static Instant instantOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : Instant.parse(node.asText());
    }
}
