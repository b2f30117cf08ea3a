package org.nself.incident.integration;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.tenancy.AccountId;

/**
 * Prometheus Alertmanager's webhook receiver ({@link ReceiveAlertmanagerWebhook}). Configure Alertmanager
 * with {@code http_config.authorization} (the bearer) and {@code ?app=<account>} in the URL.
 */
@Controller("/api/v1/integrations/alertmanager")
@Secured(SecurityRule.IS_AUTHENTICATED)
record AlertmanagerController(ReceiveAlertmanagerWebhook receiveWebhook, JsonText json) {
    @Post(consumes = MediaType.ALL)
    ReceiveAlertmanagerWebhook.Outcome receive(AccountId account, @Nullable @Body String body) {
        return receiveWebhook.receive(account, AlertmanagerPayload.read(JsonFields.parse(json.mapper(), body)));
    }
}
