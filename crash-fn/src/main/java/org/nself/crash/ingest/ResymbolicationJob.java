package org.nself.crash.ingest;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.InvalidInput;
import org.nself.shared.error.DatabaseFailures;
import org.nself.shared.jdbc.Jdbc;
import org.nself.shared.jobs.JobSchedule;
import org.nself.shared.jobs.ScheduledJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retroactive symbolication: when symbol files arrive, the reports stored without them are
 * symbolicated again from their stored payload and re-grouped, their counts moving with them.
 *
 * <p>An upload queues its debug ids ({@code np_crash_resymbolication_queue}, in the upload's
 * transaction). Each transaction here takes one due queue entry ({@code FOR UPDATE SKIP LOCKED}) and
 * up to {@value #REPORTS_PER_TRANSACTION} of the reports waiting for that debug id, locking the report
 * rows ({@code SKIP LOCKED}), so instances share the work and no report is done twice at once; the
 * entry keeps a cursor through its reports. A finished pass deletes the entry once it is older than
 * {@link #GRACE}, else looks again a minute later: a report symbolicated at ingest just before the
 * upload committed may commit just after the pass.
 */
@Singleton
record ResymbolicationJob(
        TransactionOperations<Connection> transactions,
        IngestCrashReport ingest,
        RegroupReports regroup,
        JsonMapper json,
        List<StoredPayloadRebuild> rebuilds)
        implements ScheduledJob {
    static final String NAME = "crash-resymbolication";
    static final int REPORTS_PER_TRANSACTION = 100;
    static final Duration GRACE = Duration.ofMinutes(5);
    private static final int MAX_TRANSACTIONS_PER_RUN = 200;
    private static final int FAILURE_BACKOFF_MINUTES = 10;
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);
    private static final Logger LOG = LoggerFactory.getLogger(ResymbolicationJob.class);

    @Override
    public JobSchedule schedule() {
        return new JobSchedule(NAME, Duration.ofMinutes(1));
    }

    /** Answers how many reports were symbolicated again. */
    @Override
    public int run(Instant tick) {
        int done = 0;
        for (int i = 0; i < MAX_TRANSACTIONS_PER_RUN; i++) {
            Entry[] taken = new Entry[1];
            Step step;
            try {
                step = withRetry(taken);
            } catch (RuntimeException e) {
                if (taken[0] == null || DatabaseFailures.isDatabaseUnavailable(e)) {
                    throw e;
                }
                // one entry that keeps failing must not hold up the others: it waits and is retried later
                LOG.error(
                        "re-symbolication of debug id {} of account {} failed",
                        taken[0].debugId(),
                        taken[0].account(),
                        e);
                postpone(taken[0]);
                continue;
            }
            done += step.reports();
            if (!step.tookEntry()) {
                break;
            }
        }
        return done;
    }

    private record Step(boolean tookEntry, int reports) {}

    private record Entry(String account, String debugId, Instant queuedAt, long after) {}

    private record Stored(long id, java.util.UUID eventId, long groupId, Instant receivedAt, String payload) {}

    /** A concurrent merge or ingest may deadlock with the group locks: the transaction is redone. */
    private Step withRetry(Entry[] taken) {
        return ConflictRetry.run(
                () -> transactions.executeWrite(status -> Jdbc.call(() -> step(status.getConnection(), taken))));
    }

    private Step step(Connection c, Entry[] taken) throws SQLException {
        Entry entry = null;
        try (PreparedStatement select = c.prepareStatement("SELECT source_account_id, debug_id, queued_at,"
                + " after_report_id FROM np_crash_resymbolication_queue WHERE not_before <= now()"
                + " ORDER BY not_before LIMIT 1 FOR UPDATE SKIP LOCKED")) {
            try (ResultSet r = select.executeQuery()) {
                if (r.next()) {
                    entry = new Entry(r.getString(1), r.getString(2), Jdbc.instant(r, "queued_at"), r.getLong(4));
                }
            }
        }
        if (entry == null) {
            return new Step(false, 0);
        }
        taken[0] = entry;
        List<Stored> stored = new ArrayList<>();
        long lastSeen = entry.after();
        try (PreparedStatement select = c.prepareStatement("SELECT r.id, r.event_id, r.group_id, r.received_at,"
                + " r.payload::text"
                + " FROM np_crash_report_missing_symbols m JOIN np_crash_reports r"
                + " ON r.source_account_id = m.source_account_id AND r.id = m.report_id"
                + " WHERE m.source_account_id = ? AND m.debug_id = ? AND m.report_id > ?"
                + " ORDER BY m.report_id LIMIT ? FOR UPDATE OF r SKIP LOCKED")) {
            select.setString(1, entry.account());
            select.setString(2, entry.debugId());
            select.setLong(3, entry.after());
            select.setInt(4, REPORTS_PER_TRANSACTION);
            try (ResultSet r = select.executeQuery()) {
                while (r.next()) {
                    stored.add(new Stored(
                            r.getLong(1),
                            r.getObject(2, java.util.UUID.class),
                            r.getLong(3),
                            Jdbc.instant(r, "received_at"),
                            r.getString(5)));
                    lastSeen = Math.max(lastSeen, r.getLong(1));
                }
            }
        }
        List<RegroupReports.Regroup> regroups = new ArrayList<>(stored.size());
        for (Stored original : stored) {
            Stored report = rebuilt(c, entry.account(), original);
            CrashEvent event = parse(entry.account(), report);
            if (event == null) {
                continue;
            }
            regroups.add(new RegroupReports.Regroup(
                    report.id(),
                    report.groupId(),
                    report.receivedAt(),
                    ingest.prepare(entry.account(), event, report.payload())));
        }
        if (!regroups.isEmpty()) {
            regroup.regroup(c, entry.account(), regroups);
        }
        if (stored.size() == REPORTS_PER_TRANSACTION) {
            advance(c, entry, lastSeen, "now()");
        } else if (entry.queuedAt().isBefore(Instant.now().minus(GRACE))) {
            Jdbc.update(
                    c,
                    "DELETE FROM np_crash_resymbolication_queue WHERE source_account_id = ? AND debug_id = ?",
                    entry.account(),
                    entry.debugId());
        } else {
            advance(c, entry, 0, "now() + interval '1 minute'");
        }
        return new Step(true, regroups.size());
    }

    private void postpone(Entry entry) {
        transactions.executeWrite(status -> Jdbc.call(() -> {
            advance(
                    status.getConnection(),
                    entry,
                    entry.after(),
                    "now() + interval '" + FAILURE_BACKOFF_MINUTES + " minutes'");
            return null;
        }));
    }

    private static void advance(Connection c, Entry entry, long after, String notBefore) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE np_crash_resymbolication_queue"
                + " SET after_report_id = ?, not_before = " + notBefore
                + " WHERE source_account_id = ? AND debug_id = ?")) {
            update.setLong(1, after);
            update.setString(2, entry.account());
            update.setString(3, entry.debugId());
            update.executeUpdate();
        }
    }

    /** The report with its payload rebuilt (a minidump walked again), the new payload stored in its place. */
    private Stored rebuilt(Connection c, String account, Stored report) {
        String payload = report.payload();
        for (StoredPayloadRebuild rebuild : rebuilds) {
            payload = rebuild.rebuild(account, report.eventId(), payload);
        }
        if (payload.equals(report.payload())) {
            return report;
        }
        payload = IngestCrashReport.storable(payload);
        Jdbc.update(
                c,
                "UPDATE np_crash_reports SET payload = ?::jsonb WHERE source_account_id = ? AND id = ?",
                payload,
                account,
                report.id());
        return new Stored(report.id(), report.eventId(), report.groupId(), report.receivedAt(), payload);
    }

    /**
     * The stored payload parsed as at ingest (the stored event id stands in for an envelope header's);
     * a payload that no longer parses (it did once) is skipped.
     */
    private CrashEvent parse(String account, Stored report) {
        try {
            Map<String, Object> payload = json.readValue(report.payload(), OBJECT);
            return CrashEventParser.parse(payload, report.eventId(), report.receivedAt());
        } catch (IOException | InvalidInput e) {
            LOG.warn("stored report {} of account {} cannot be parsed again: {}", report.id(), account, e.getMessage());
            return null;
        }
    }
}
