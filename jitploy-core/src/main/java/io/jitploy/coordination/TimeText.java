package io.jitploy.coordination;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Formats instants for waiting reasons and error messages, in the coordinator clock's zone. */
final class TimeText {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    private TimeText() {}

    static String format(Instant at, ZoneId zone) {
        // "Z" means little to most readers; say UTC, else the zone's id (e.g. Europe/Paris).
        String zoneText = zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
        return FORMAT.format(at.atZone(zone)) + " " + zoneText;
    }

    /** {@code "locked by alice until Tue 24 Nov 15:00 UTC: db migration"}. */
    static String lockDescription(EnvironmentLock lock, ZoneId zone) {
        StringBuilder text = new StringBuilder("locked by ").append(lock.owner());
        if (lock.expiresAt() != null) {
            text.append(" until ").append(format(lock.expiresAt(), zone));
        }
        text.append(": ").append(lock.reason());
        if (lock.stolenFrom() != null) {
            text.append(" (stolen from ").append(lock.stolenFrom()).append(')');
        }
        return text.toString();
    }

    /** {@code "frozen: weekend until Mon 30 Nov 08:00 UTC"}. */
    static String freezeDescription(String reason, Instant endsAt, ZoneId zone) {
        return "frozen: " + reason + " until " + format(endsAt, zone);
    }
}
