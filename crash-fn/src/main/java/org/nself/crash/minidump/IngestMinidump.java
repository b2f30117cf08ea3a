package org.nself.crash.minidump;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.crash.ingest.IngestCrashReport;
import org.nself.crash.ingest.JsonPayloads;
import org.nself.crash.ingest.SavedReport;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.tenancy.AccountId;

/**
 * One minidump to a crash report: parsed, every thread walked with the account's stored CFI, turned into
 * the Sentry event crash ingest symbolicates and groups like any native event, committed, and then the
 * dump kept with the report (within the account's quota). A dump that is no minidump is 400; one over
 * the limit 413, before it is parsed.
 *
 * <p>The report is committed before its dump is kept: if keeping it fails the client gets an error and
 * its retry (same event id) is a duplicate report that keeps the dump then.
 */
@Singleton
public record IngestMinidump(
        WalkMinidump walker,
        IngestCrashReport crashes,
        MinidumpRepository dumps,
        MinidumpSettings settings,
        JsonMapper json) {

    /** The result: the report, and whether its dump was kept (false: over the account's quota). */
    public record Ingested(SavedReport report, boolean dumpKept) {}

    public long maxDumpBytes() {
        return settings.maxDumpBytes();
    }

    /**
     * @param client the Sentry fields sent beside the dump (release, environment, user, tags, event_id…)
     * @param fallbackEventId the envelope's event id when {@code client} has none; null for a new one
     */
    public Ingested ingest(AccountId account, byte[] dump, Map<String, Object> client, UUID fallbackEventId) {
        if (dump.length > settings.maxDumpBytes()) {
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE, "a minidump must be at most " + settings.maxDumpBytes() + " bytes");
        }
        Minidump parsed;
        try {
            parsed = MinidumpParser.parse(dump);
        } catch (MinidumpException e) {
            throw ApiException.invalid("upload_file_minidump", e.getMessage());
        }
        UUID eventId = CrashEventParser.eventIdOrNull(client.get("event_id"));
        if (eventId == null) {
            eventId = fallbackEventId != null ? fallbackEventId : UUID.randomUUID();
        }
        List<MinidumpEvent.ThreadStack> stacks = walker.walk(account, parsed);
        Map<String, Object> event = MinidumpEvent.of(parsed, stacks, client);
        event.put("event_id", CrashEventParser.hex(eventId));
        byte[] payload;
        try {
            payload = json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SavedReport saved = crashes.ingest(
                account,
                JsonPayloads.readObject(json, payload, "minidump event"),
                new String(payload, StandardCharsets.UTF_8),
                eventId);
        boolean kept = dumps.save(account, saved.eventId(), dump, settings.maxStoredBytesPerAccount());
        return new Ingested(saved, kept);
    }
}
