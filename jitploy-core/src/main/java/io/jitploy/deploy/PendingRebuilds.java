package io.jitploy.deploy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jitploy.store.AtomicWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The rebuilds that promotions and rollbacks asked for and that have neither deployed nor been recorded as not run,
 * kept in a file: a host's build queue can lose a rebuild in a crash, and without this nobody would know it had been
 * asked for. Each request is <em>settled</em> once, by whoever sees its end first (its deploy recording a release, a
 * listener seeing it cancelled, a look finding it nowhere); only the one that settles it records anything, so an
 * attempt is never recorded twice.
 */
public final class PendingRebuilds {
    /**
     * A rebuild asked for.
     *
     * @param requestId the host's id of the request, carried by the rebuild
     * @param job where the rebuild runs (the host's job name)
     * @param attempt what it carries out, for the record if it never deploys
     * @param requestedAt when it was asked for
     */
    public record Pending(String requestId, String job, RebuildAttempt attempt, Instant requestedAt) {
        public Pending {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(job, "job");
            Objects.requireNonNull(attempt, "attempt");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }
    }

    /** As saved: the time as an ISO-8601 string, which needs no Jackson module. */
    private record Saved(String requestId, String job, RebuildAttempt attempt, String requestedAt) {
        static Saved of(Pending request) {
            return new Saved(
                    request.requestId(),
                    request.job(),
                    request.attempt(),
                    request.requestedAt().toString());
        }

        Pending pending() {
            return new Pending(requestId, job, attempt, Instant.parse(requestedAt));
        }
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path file;
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    private PendingRebuilds(Path file) {
        this.file = file;
    }

    /**
     * Reads the requests saved in {@code file} (none if it does not exist).
     *
     * @throws UncheckedIOException if the file cannot be read or is not this format, saying how to recover
     */
    public static PendingRebuilds open(Path file) {
        PendingRebuilds rebuilds = new PendingRebuilds(Objects.requireNonNull(file, "file"));
        if (Files.exists(file)) {
            try {
                for (Saved saved : JSON.readValue(file.toFile(), new TypeReference<List<Saved>>() {})) {
                    rebuilds.pending.put(saved.requestId(), saved.pending());
                }
            } catch (IOException | RuntimeException e) {
                throw new UncheckedIOException(
                        file + " does not hold Jitploy's pending rebuilds (" + e.getMessage() + "). Move it aside"
                                + " to start without them; promotions or rollbacks it listed that never ran will then"
                                + " not be recorded.",
                        e instanceof IOException io ? io : new IOException(e));
            }
        }
        return rebuilds;
    }

    /** Remembers a rebuild just asked for. */
    public synchronized void add(Pending request) {
        pending.put(request.requestId(), request);
        save();
    }

    /**
     * Ends a request's watch: returns it to the caller, who records what became of it, if nobody settled it before;
     * empty otherwise (already settled, or never asked for here).
     */
    public synchronized Optional<Pending> settle(String requestId) {
        Pending settled = pending.remove(requestId);
        if (settled != null) {
            save();
        }
        return Optional.ofNullable(settled);
    }

    /** The requests not settled yet, oldest first. */
    public synchronized List<Pending> all() {
        return List.copyOf(new ArrayList<>(pending.values()));
    }

    private void save() {
        try {
            List<Saved> saved = pending.values().stream().map(Saved::of).toList();
            AtomicWrite.replace(file, out -> JSON.writeValue(out, saved));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save Jitploy's pending rebuilds to " + file, e);
        }
    }
}
