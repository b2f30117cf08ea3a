package org.nself.incident.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.PathIds;
import org.nself.shared.json.JsonRequests;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Outbound webhook targets per account, and each one's delivery log. */
@Controller("/api/v1/webhooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
record WebhookController(
        JsonRequests requests,
        OutboundPolicy outbound,
        WebhookTargets webhooks,
        CreateWebhook createWebhook,
        ChangeWebhook changeWebhook,
        WebhookDeliveries deliveries) {
    @Post(consumes = MediaType.ALL)
    HttpResponse<Webhook> create(AccountId account, @Nullable @Body String body) {
        WebhookRequest request = requests.read(body, f -> WebhookRequest.read(f, outbound, true));
        return HttpResponse.created(
                createWebhook.create(account.value(), request).view(true));
    }

    @Get
    ListView<Webhook> list(AccountId account, PageRequest page) {
        return ListView.of(
                webhooks.list(account.value(), page.limit(), page.offset()).stream()
                        .map(t -> t.view(false))
                        .toList(),
                webhooks.count(account.value()),
                page);
    }

    @Get("/{id}")
    Webhook get(AccountId account, String id) {
        return webhooks.find(account.value(), parse(id))
                .orElseThrow(() -> ApiException.notFound("webhook"))
                .view(false);
    }

    @Patch(value = "/{id}", consumes = MediaType.ALL)
    Webhook patch(AccountId account, String id, @Nullable @Body String body) {
        UUID webhookId = parse(id);
        WebhookRequest request = requests.read(body, f -> WebhookRequest.read(f, outbound, false));
        return changeWebhook.change(account.value(), webhookId, request).view(false);
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, String id) {
        if (!webhooks.delete(account.value(), parse(id))) {
            throw ApiException.notFound("webhook");
        }
        return HttpResponse.noContent();
    }

    @Get("/{id}/deliveries")
    ListView<Delivery> deliveries(AccountId account, String id, PageRequest page) {
        return deliveries.list(account.value(), parse(id), page);
    }

    private static UUID parse(String id) {
        return PathIds.uuid(id, "webhook");
    }
}
