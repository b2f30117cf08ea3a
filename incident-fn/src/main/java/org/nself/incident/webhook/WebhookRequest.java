package org.nself.incident.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Set;
import org.nself.shared.error.ApiException;
import org.nself.shared.json.JsonFields;
import org.nself.shared.outbound.OutboundPolicy;

/**
 * POST and PATCH /api/v1/webhooks: on PATCH absent fields are null and stay as they are. The URL
 * passes the SSRF policy here and again at delivery time.
 */
@Serdeable
record WebhookRequest(
        @Nullable @Size(max = 2000) String url,
        @Nullable @Size(max = 500) String description,
        @Nullable @Size(max = 30) List<String> eventTypes,
        @Nullable Boolean enabled) {
    private static final Set<String> FIELDS = Set.of("url", "description", "event_types", "enabled");

    static WebhookRequest read(JsonFields f, OutboundPolicy outbound, boolean create) {
        f.rejectUnknown(FIELDS);
        String url = f.string("url", 2000, create);
        if (url != null) {
            try {
                outbound.check("url", url);
            } catch (ApiException e) {
                f.error(
                        "url",
                        e.details().isEmpty()
                                ? e.getMessage()
                                : e.details().get(0).message());
            }
        }
        String description = f.string("description", 500, false);
        List<String> types = f.stringList("event_types", 30, 60);
        if (types != null) {
            for (String t : types) {
                if (!t.equals("*") && !t.matches("incident\\.[a-z_]{1,40}")) {
                    f.error("event_types", "entries are * or incident.<kind>, e.g. incident.status_changed");
                }
            }
        }
        Boolean enabled = f.bool("enabled");
        f.validate();
        return new WebhookRequest(url, description, types, enabled);
    }
}
