package org.nself.incident.lifecycle;

import java.time.Instant;

/**
 * The milestone stamps of an incident, with first-entry semantics: each is set the first time the
 * incident reaches the matching state and never moves afterwards, not even on reopen; none is ever
 * before {@code startedAt}. acknowledged = a person engaged (acknowledged, investigating, identified,
 * monitoring); mitigated = monitoring or resolved; resolved; closed; cancelled.
 */
public record Milestones(
        Instant startedAt,
        Instant detectedAt,
        Instant acknowledgedAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        Instant closedAt,
        Instant cancelledAt,
        int reopenCount) {
    /** The earliest instant a client may give an incident's timestamps. */
    public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

    /** The latest instant a client may give an incident's timestamps. */
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    /** Why a timestamp outside {@link #EARLIEST} and {@link #LATEST} is refused. */
    public static final String OUT_OF_RANGE = "must be between 1970 and 2200";

    public Milestones {
        if (startedAt == null || detectedAt == null) {
            throw new IllegalArgumentException("started_at and detected_at are required");
        }
        if (detectedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("detected_at is before started_at");
        }
    }

    /** The stamps of a new incident opened in {@code status} at {@code now}. */
    public static Milestones opened(Instant startedAt, Instant detectedAt, Status status, Instant now) {
        return new Milestones(startedAt, detectedAt, null, null, null, null, null, 0).entering(status, now, false);
    }

    /** The stamps after the incident enters {@code status} at {@code now}. */
    public Milestones entering(Status status, Instant now, boolean reopen) {
        Instant at = now.isBefore(startedAt) ? startedAt : now;
        Instant ack = acknowledgedAt;
        Instant mitigated = mitigatedAt;
        Instant resolved = resolvedAt;
        Instant closed = closedAt;
        Instant cancelled = cancelledAt;
        switch (status) {
            case ACKNOWLEDGED, INVESTIGATING, IDENTIFIED -> ack = first(ack, at);
            case MONITORING -> {
                ack = first(ack, at);
                mitigated = first(mitigated, at);
            }
            case RESOLVED -> {
                mitigated = first(mitigated, at);
                resolved = first(resolved, at);
            }
            case CLOSED -> closed = first(closed, at);
            case CANCELLED -> cancelled = first(cancelled, at);
            case TRIGGERED -> {}
        }
        return new Milestones(
                startedAt, detectedAt, ack, mitigated, resolved, closed, cancelled, reopenCount + (reopen ? 1 : 0));
    }

    private static Instant first(Instant existing, Instant now) {
        return existing != null ? existing : now;
    }
}
