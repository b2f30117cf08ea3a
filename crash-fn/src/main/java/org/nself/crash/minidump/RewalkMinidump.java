package org.nself.crash.minidump;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.nself.crash.ingest.StoredPayloadRebuild;
import org.nself.shared.tenancy.AccountId;

/**
 * Re-processing a minidump report when symbols arrive: its kept dump is walked again with the account's
 * CFI as it is now, and the event rebuilt on the stored payload (whose client fields it keeps), so the
 * re-symbolication job symbolicates and regroups the new walk (docs/adr/0004).
 */
@Singleton
record RewalkMinidump(MinidumpRepository dumps, WalkMinidump walker, JsonMapper json) implements StoredPayloadRebuild {
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    @Override
    public String rebuild(String account, UUID eventId, String payload) {
        AccountId id = new AccountId(account);
        Optional<byte[]> dump = dumps.find(id, eventId);
        if (dump.isEmpty()) {
            return payload;
        }
        try {
            Minidump parsed = MinidumpParser.parse(dump.get());
            Map<String, Object> event =
                    MinidumpEvent.of(parsed, walker.walk(id, parsed), json.readValue(payload, OBJECT));
            return new String(json.writeValueAsBytes(event), StandardCharsets.UTF_8);
        } catch (IOException | MinidumpException e) {
            // it parsed at ingest; a payload or dump that no longer does is symbolicated as stored
            return payload;
        }
    }
}
