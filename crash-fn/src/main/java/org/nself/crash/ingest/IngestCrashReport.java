package org.nself.crash.ingest;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.crash.event.CrashEvent;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.event.EventAttributes;
import org.nself.crash.event.ExceptionValue;
import org.nself.crash.event.InvalidInput;
import org.nself.crash.group.ReportFacts;
import org.nself.crash.group.ReportFrames;
import org.nself.crash.grouping.Grouping;
import org.nself.crash.grouping.GroupingStrategies;
import org.nself.crash.grouping.GroupingStrategy;
import org.nself.crash.symbolication.EventSymbolication;
import org.nself.shared.json.TextRule;
import org.nself.shared.tenancy.AccountId;

/** Validates, symbolicates, groups and commits one crash report (native ingest and Sentry envelopes). */
@Singleton
public record IngestCrashReport(EventSymbolication symbolicator, ReportQueue queue, JsonMapper json) {
    /**
     * @param rawJson the payload exactly as received: stored as is, saving a re-serialization
     * @param fallbackEventId the envelope header's event id, for payloads without one; null when required
     */
    public SavedReport ingest(AccountId account, Map<String, Object> payload, String rawJson, UUID fallbackEventId) {
        CrashEvent event;
        try {
            event = CrashEventParser.parse(payload, fallbackEventId, Instant.now());
        } catch (InvalidInput e) {
            throw e.refusal();
        }
        return queue.save(prepare(account.value(), event, storable(rawJson)));
    }

    /**
     * Symbolicates and groups a parsed event: what ingest commits, and what the re-symbolication job
     * recomputes for a stored report once its symbols are there.
     */
    PendingReport prepare(String account, CrashEvent event, String payloadJson) {
        EventSymbolication.Result symbolicated = symbolicator.symbolicate(account, event);
        CrashEvent symbolic = symbolicated.event();
        List<Grouping> groupings = new ArrayList<>();
        for (GroupingStrategy strategy : GroupingStrategies.all()) {
            groupings.add(strategy.group(symbolic));
        }
        ExceptionValue main = symbolic.mainException();
        EventAttributes attributes = symbolic.attributes();
        ReportFacts facts = new ReportFacts(
                groupings,
                attributes.eventId(),
                attributes.timestamp(),
                attributes.level().wire(),
                symbolic.isCrash(),
                attributes.platform(),
                attributes.release(),
                attributes.environment(),
                attributes.userKey(),
                main == null ? null : ReportRows.truncate(main.type(), ReportRows.MAX_EXCEPTION_TYPE));
        return new PendingReport(
                account,
                symbolic,
                facts,
                payloadJson,
                symbolicated.status(),
                symbolicated.missingDebugIds(),
                // frames nothing replaced are in the payload already: storing them again only costs writes
                symbolicated.framesChanged() ? storable(ReportFrames.json(json, symbolic)) : null,
                write(attributes.tags().values()),
                attributes.tags().dropped().isEmpty()
                        ? null
                        : write(attributes.tags().dropped().stream()
                                .map(p -> Map.of("field", p.field(), "message", p.message()))
                                .toList()));
    }

    /** Tags and their problems are checked text (no NUL, no lone surrogate): jsonb takes them as written. */
    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException("tags could not be written as JSON", e);
        }
    }

    /** PostgreSQL's jsonb cannot hold U+0000: a report keeps its payload under {@link TextRule#DROP_NUL}. */
    static String storable(String json) {
        return TextRule.withoutNulEscapes(json);
    }
}
