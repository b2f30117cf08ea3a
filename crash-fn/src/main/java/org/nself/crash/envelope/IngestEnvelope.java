package org.nself.crash.envelope;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.ingest.IngestCrashReport;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.crash.minidump.IngestMinidump;
import org.nself.crash.session.IngestSessions;
import org.nself.crash.session.SessionAggregate;
import org.nself.crash.session.SessionBatch;
import org.nself.crash.session.SessionParser;
import org.nself.crash.session.SessionUpdate;
import org.nself.shared.error.ApiException;
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
 *
 * <p>As in Relay, each item stands alone: one that is too large, not JSON, or breaks the event or
 * session rules is dropped and counted in {@link Outcomes}, and the items before and after it are kept.
 * What stops the envelope is only what leaves the rest unreadable or is not the item's fault: broken
 * framing (400 {@code invalid_envelope}), the envelope's own size limits (413), a spent budget (429), the
 * database (503). Items committed before such a stop stay committed; a resend changes nothing (events are
 * unique by {@code event_id}, sessions upsert by {@code sid}).
 */
@Singleton
record IngestEnvelope(
        IngestCrashReport crashes,
        IngestSessions sessions,
        IngestMinidump minidumps,
        Outcomes outcomes,
        JsonMapper json) {
    static final long MAX_EVENT_BYTES = 1024 * 1024;
    static final long MAX_SESSION_ITEM_BYTES = 1024 * 1024;
    /** SPEC: at most 100 sessions per request; counted by item ({@code session} and {@code sessions}), as Relay does. */
    static final int MAX_SESSION_ITEMS = SessionParser.MAX_SESSIONS;

    /** Relay's data categories of the items kept here. */
    static final String ERROR = "error";

    static final String SESSION = "session";

    static final String ATTACHMENT = "attachment";

    private static final Logger LOG = LoggerFactory.getLogger(IngestEnvelope.class);

    /** The event id to answer with: the last kept event's, else the envelope header's; null without either. */
    String ingest(
            AccountId account,
            Map<String, Object> header,
            EnvelopeFraming.Reader reader,
            IngestBudget.Reservation held) {
        UUID headerEventId = CrashEventParser.eventIdOrNull(header.get("event_id"));
        String answerId = null;
        List<SessionUpdate> updates = new ArrayList<>();
        List<SessionAggregate> aggregates = new ArrayList<>();
        int sessionItems = 0;
        int i = 0;
        // an event is held until the next item shows whether a minidump follows it (sentry-native sends the
        // event, then its dump): then the two are one report, the walk's stacks under the event's fields
        HeldEvent pending = null;
        try {
            for (byte[] itemHeaderLine = reader.nextItemHeader();
                    itemHeaderLine != null;
                    itemHeaderLine = reader.nextItemHeader(), i++) {
                Map<String, Object> itemHeader = headerLine(json, itemHeaderLine, "envelope.items[" + i + "].header");
                String type = itemHeader.get("type") instanceof String t ? t : "";
                Item item = new Item(account, i, type);
                boolean minidump =
                        type.equals("attachment") && "event.minidump".equals(itemHeader.get("attachment_type"));
                if (pending != null && !minidump) {
                    answerId = orElse(event(pending, headerEventId, held), answerId);
                    pending = null;
                }
                switch (type) {
                    case "event" -> {
                        byte[] payload = payload(reader, itemHeaderLine, MAX_EVENT_BYTES, item, held);
                        pending = payload == null ? null : hold(item, payload, held);
                    }
                    case "session", "sessions" -> {
                        if (++sessionItems > MAX_SESSION_ITEMS) {
                            reader.skip(itemHeaderLine);
                            drop(item, "too_large:" + type, "more than " + MAX_SESSION_ITEMS + " session items");
                        } else {
                            byte[] payload = payload(reader, itemHeaderLine, MAX_SESSION_ITEM_BYTES, item, held);
                            if (payload != null) {
                                session(item, payload, updates, aggregates, held);
                            }
                        }
                    }
                    case "attachment" -> {
                        if (!minidump) {
                            reader.skip(itemHeaderLine);
                            break;
                        }
                        byte[] dump = payload(reader, itemHeaderLine, minidumps.maxDumpBytes(), item, held);
                        if (dump == null) {
                            break; // dropped as too large; a held event goes in alone below
                        }
                        HeldEvent with = pending;
                        pending = null;
                        answerId = orElse(minidump(item, dump, with, headerEventId, held), answerId);
                    }
                    default -> {
                        LOG.debug("skipping envelope item of type '{}'", type);
                        reader.skip(itemHeaderLine);
                    }
                }
                // parsed sessions are small, but a sessions item may hold 100 aggregates: commit as they fill a batch
                if (updates.size() >= SessionParser.MAX_SESSIONS || aggregates.size() >= SessionParser.MAX_SESSIONS) {
                    flushSessions(account, updates, aggregates);
                }
            }
            if (pending != null) {
                answerId = orElse(event(pending, headerEventId, held), answerId);
                pending = null;
            }
        } catch (RuntimeException stop) {
            // what stops the envelope (broken framing, the budget, the database) leaves the items before it kept
            if (pending != null) {
                try {
                    event(pending, headerEventId, held);
                } catch (RuntimeException also) {
                    stop.addSuppressed(also);
                }
            }
            throw stop;
        }
        flushSessions(account, updates, aggregates);
        if (answerId == null && headerEventId != null) {
            answerId = CrashEventParser.hex(headerEventId);
        }
        return answerId;
    }

    private static String orElse(String id, String previous) {
        return id == null ? previous : id;
    }

    /** A header line (the envelope's or an item's): a JSON object, or the envelope is broken. */
    static Map<String, Object> headerLine(JsonMapper json, byte[] line, String what) {
        try {
            return JsonPayloads.readObject(json, line, what);
        } catch (ApiException e) {
            throw InvalidInput.of(EnvelopeFraming.INVALID_ENVELOPE, what, "must be a JSON object");
        }
    }

    /** One item of the envelope: whose, which, and of what type, for its outcome. */
    private record Item(AccountId account, int index, String type) {
        String category() {
            return switch (type) {
                case "event" -> ERROR;
                case "attachment" -> ATTACHMENT;
                default -> SESSION;
            };
        }
    }

    /** The payload, or null when it is over {@code max}: then it was read past and is dropped as too large. */
    private byte[] payload(
            EnvelopeFraming.Reader reader, byte[] itemHeader, long max, Item item, IngestBudget.Reservation held) {
        long[] holding = {0};
        byte[] payload = reader.payloadAtMost(itemHeader, max, n -> {
            held.hold(n);
            holding[0] += n;
        });
        if (payload == null) {
            held.release(holding[0]);
            drop(item, "too_large:" + item.type(), "over " + max + " bytes");
        }
        return payload;
    }

    /** An event item read and parsed, not yet ingested; its bytes stay reserved in the budget until it is. */
    private record HeldEvent(Item item, Map<String, Object> tree, String text, long reserved) {}

    /** The event parsed and held, or null when it is no JSON object (dropped). */
    private HeldEvent hold(Item item, byte[] payload, IngestBudget.Reservation held) {
        long cost = IngestBudget.parseCost(payload);
        held.hold(cost);
        try {
            Map<String, Object> tree = JsonPayloads.readObject(json, payload, "event");
            return new HeldEvent(item, tree, new String(payload, StandardCharsets.UTF_8), payload.length + cost);
        } catch (ApiException refused) {
            held.release(payload.length + cost);
            dropOrThrow(item, refused);
            return null;
        }
    }

    /** The kept event's id, or null when the event was dropped. */
    private String event(HeldEvent event, UUID headerEventId, IngestBudget.Reservation held) {
        try {
            return CrashEventParser.hex(
                    crashes.ingest(event.item().account(), event.tree(), event.text(), headerEventId)
                            .eventId());
        } catch (ApiException refused) {
            dropOrThrow(event.item(), refused);
            return null;
        } finally {
            held.release(event.reserved());
        }
    }

    /**
     * The event id of the report the minidump made, or null when it was dropped. With the event item that came
     * just before it, the two are one report: the event's fields (release, tags, user…) around the walked dump,
     * as Relay merges them; a dump that is refused leaves that event to go in alone.
     */
    private String minidump(Item item, byte[] dump, HeldEvent with, UUID headerEventId, IngestBudget.Reservation held) {
        try {
            String id = CrashEventParser.hex(minidumps
                    .ingest(item.account(), dump, with == null ? Map.of() : with.tree(), headerEventId)
                    .report()
                    .eventId());
            if (with != null) {
                held.release(with.reserved());
            }
            return id;
        } catch (ApiException refused) {
            dropOrThrow(item, refused);
            return with == null ? null : event(with, headerEventId, held);
        } finally {
            held.release(dump.length);
        }
    }

    private void session(
            Item item,
            byte[] payload,
            List<SessionUpdate> updates,
            List<SessionAggregate> aggregates,
            IngestBudget.Reservation held) {
        long cost = IngestBudget.parseCost(payload);
        held.hold(cost);
        try {
            Map<String, Object> tree = JsonPayloads.readObject(json, payload, item.type());
            if (item.type().equals("session")) {
                updates.add(SessionParser.parseOne(tree));
            } else {
                aggregates.addAll(SessionParser.parse(tree).aggregates());
            }
        } catch (ApiException refused) {
            dropOrThrow(item, refused);
        } finally {
            held.release(payload.length + cost);
        }
    }

    /**
     * Drops the item when the refusal is about the item itself (its content or size); any other refusal
     * (the budget's 429, the database's 503) is the request's and passes through.
     */
    private void dropOrThrow(Item item, ApiException refused) {
        switch (refused.code()) {
            case PAYLOAD_TOO_LARGE -> drop(item, "too_large:" + item.type(), refused.getMessage());
            case INVALID_REQUEST, UNPROCESSABLE -> drop(item, refused.reason(), refused.getMessage());
            default -> throw refused;
        }
    }

    private void drop(Item item, String reason, String why) {
        outcomes.invalid(item.category(), reason);
        LOG.debug(
                "dropped envelope item {} ({}) of account {}: {} ({})",
                item.index(),
                item.type(),
                item.account().value(),
                reason,
                why);
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
