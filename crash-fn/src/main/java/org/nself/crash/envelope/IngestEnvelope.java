package org.nself.crash.envelope;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.ingest.IngestCrashReport;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.crash.ingest.SavedReport;
import org.nself.crash.minidump.IngestMinidump;
import org.nself.crash.session.IngestSessions;
import org.nself.crash.session.SessionAggregate;
import org.nself.crash.session.SessionBatch;
import org.nself.crash.session.SessionParser;
import org.nself.crash.session.SessionUpdate;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.limits.IngestBudget;
import org.nself.shared.tenancy.AccountId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests the items of an authenticated envelope as they stream in: events go to crash ingest (each
 * committed before the next is read), {@code event.minidump} attachments to minidump ingest, session
 * updates and aggregates to session ingest in batches; other item types are skipped without being held. Kept items are held at most {@link
 * #MAX_EVENT_BYTES} / {@link #MAX_SESSION_ITEM_BYTES} each, reserved in the {@link IngestBudget} while
 * held.
 */
@Singleton
record IngestEnvelope(IngestCrashReport crashes, IngestSessions sessions, IngestMinidump minidumps, JsonMapper json) {
    static final long MAX_EVENT_BYTES = 1024 * 1024;
    static final long MAX_SESSION_ITEM_BYTES = 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(IngestEnvelope.class);

    /** The event id to answer with: the last event's, else the envelope header's; null without either. */
    String ingest(
            AccountId account,
            Map<String, Object> header,
            EnvelopeFraming.Reader reader,
            IngestBudget.Reservation held) {
        UUID headerEventId = CrashEventParser.eventIdOrNull(header.get("event_id"));
        String answerId = null;
        List<SessionUpdate> updates = new ArrayList<>();
        List<SessionAggregate> aggregates = new ArrayList<>();
        int i = 0;
        for (byte[] itemHeaderLine = reader.nextItemHeader();
                itemHeaderLine != null;
                itemHeaderLine = reader.nextItemHeader(), i++) {
            Map<String, Object> itemHeader =
                    JsonPayloads.readObject(json, itemHeaderLine, "envelope.items[" + i + "].header");
            String type = itemHeader.get("type") instanceof String t ? t : "";
            switch (type) {
                case "event" -> {
                    byte[] payload = payload(reader, itemHeaderLine, MAX_EVENT_BYTES, "an event", held);
                    long cost = IngestBudget.parseCost(payload);
                    held.hold(cost);
                    SavedReport saved = crashes.ingest(
                            account,
                            JsonPayloads.readObject(json, payload, "event"),
                            new String(payload, StandardCharsets.UTF_8),
                            headerEventId);
                    answerId = CrashEventParser.hex(saved.eventId());
                    held.release(payload.length + cost);
                }
                case "session" -> {
                    byte[] payload = payload(reader, itemHeaderLine, MAX_SESSION_ITEM_BYTES, "a session item", held);
                    updates.add(SessionParser.parseOne(JsonPayloads.readObject(json, payload, "session")));
                    held.release(payload.length);
                }
                case "sessions" -> {
                    byte[] payload = payload(reader, itemHeaderLine, MAX_SESSION_ITEM_BYTES, "a sessions item", held);
                    long cost = IngestBudget.parseCost(payload);
                    held.hold(cost);
                    aggregates.addAll(SessionParser.parse(JsonPayloads.readObject(json, payload, "sessions"))
                            .aggregates());
                    held.release(payload.length + cost);
                }
                case "attachment" -> {
                    if (!"event.minidump".equals(itemHeader.get("attachment_type"))) {
                        reader.skip(itemHeaderLine);
                        break;
                    }
                    long max = minidumps.maxDumpBytes();
                    byte[] dump = payload(reader, itemHeaderLine, max, "a minidump", held);
                    SavedReport saved = minidumps
                            .ingest(account, dump, Map.of(), headerEventId)
                            .report();
                    answerId = CrashEventParser.hex(saved.eventId());
                    held.release(dump.length);
                }
                default -> {
                    LOG.debug("skipping envelope item of type '{}'", type);
                    reader.skip(itemHeaderLine);
                }
            }
            // parsed sessions are small, but an envelope may have a thousand items: commit as they fill a batch
            if (updates.size() >= SessionParser.MAX_SESSIONS || aggregates.size() >= SessionParser.MAX_SESSIONS) {
                flushSessions(account, updates, aggregates);
            }
        }
        flushSessions(account, updates, aggregates);
        if (answerId == null && headerEventId != null) {
            answerId = CrashEventParser.hex(headerEventId);
        }
        return answerId;
    }

    private static byte[] payload(
            EnvelopeFraming.Reader reader, byte[] itemHeader, long max, String what, IngestBudget.Reservation held) {
        return reader.payload(
                itemHeader,
                max,
                held::hold,
                () -> new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, what + " must be at most " + max + " bytes"));
    }

    private void flushSessions(AccountId account, List<SessionUpdate> updates, List<SessionAggregate> aggregates) {
        for (int from = 0; from < Math.max(updates.size(), aggregates.size()); from += SessionParser.MAX_SESSIONS) {
            sessions.ingest(
                    account,
                    new SessionBatch(
                            updates.subList(
                                    Math.min(from, updates.size()),
                                    Math.min(from + SessionParser.MAX_SESSIONS, updates.size())),
                            aggregates.subList(
                                    Math.min(from, aggregates.size()),
                                    Math.min(from + SessionParser.MAX_SESSIONS, aggregates.size()))));
        }
        updates.clear();
        aggregates.clear();
    }
}
