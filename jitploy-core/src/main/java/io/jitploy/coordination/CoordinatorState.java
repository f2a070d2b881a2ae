package io.jitploy.coordination;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.jitploy.ledger.Trigger;
import java.time.Instant;
import java.util.List;

/**
 * Everything a restarted controller needs to resume coordination: per environment the slot holder, the waiting
 * requests in order, the lock, and the newest version that succeeded. Freeze schedules are not part of it: they
 * come from configuration and are passed again to {@link DeployCoordinator#restore}. Encode it with {@link
 * CoordinatorStateCodec}.
 *
 * @param format the state format version ({@link CoordinatorStateCodec#FORMAT})
 * @param instance random id of the coordinator lineage, part of every ticket id so ids never repeat
 * @param nextTicket the sequence number of the next ticket
 * @param environments one entry per environment with any state, sorted by key
 */
public record CoordinatorState(int format, String instance, long nextTicket, List<EnvironmentState> environments) {
    public CoordinatorState {
        environments = List.copyOf(environments);
    }

    /**
     * One environment's coordination state.
     *
     * @param application the application
     * @param environment the environment
     * @param holder the request holding the slot, or {@code null}
     * @param waiting waiting requests, next first
     * @param lock the lock in force, or {@code null}
     * @param lastSucceededOrder the highest order key that succeeded, or {@code null}
     * @param lastSucceededVersion the version with that order key, or {@code null} if unknown
     * @param heldByFreeze whether waiting deploys were being held by a freeze (so the restart does not announce
     *     the same freeze twice)
     */
    public record EnvironmentState(
            String application,
            String environment,
            TicketState holder,
            List<TicketState> waiting,
            LockState lock,
            Long lastSucceededOrder,
            String lastSucceededVersion,
            boolean heldByFreeze) {
        public EnvironmentState {
            waiting = List.copyOf(waiting);
        }
    }

    /**
     * A request as persisted.
     *
     * @param id ticket id
     * @param sequence ticket sequence
     * @param version version, or {@code null} for a hold
     * @param orderKey order key, or {@code null}
     * @param requestedBy requester
     * @param trigger trigger
     * @param supersede supersede flag
     * @param failFast fail-fast flag
     * @param reason reason, or {@code null}
     * @param queuedAt when queued
     * @param grantedAt when granted the slot, or {@code null} while waiting
     */
    public record TicketState(
            String id,
            long sequence,
            String version,
            Long orderKey,
            String requestedBy,
            Trigger trigger,
            boolean supersede,
            boolean failFast,
            String reason,
            Instant queuedAt,
            Instant grantedAt) {}

    /**
     * A lock as persisted.
     *
     * @param owner owner
     * @param reason reason
     * @param since when taken
     * @param expiresAt expiry, or {@code null}
     * @param stolenFrom previous owner if stolen, or {@code null}
     * @param scopes the {@link ScopedLock} scopes (nested blocks of the owner) holding the lock, in joining order;
     *     empty for a lock taken without a scope, and left out of the JSON then, so that such state reads as before
     */
    public record LockState(
            String owner,
            String reason,
            Instant since,
            Instant expiresAt,
            String stolenFrom,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> scopes) {
        public LockState {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }
}
