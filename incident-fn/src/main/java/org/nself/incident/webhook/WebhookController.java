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
import io.micronaut.transaction.TransactionOperations;
import java.sql.Connection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.json.JsonFields;
import org.nself.shared.json.JsonText;
import org.nself.shared.outbound.OutboundPolicy;
import org.nself.shared.outbound.StandardWebhooks;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** Outbound webhook targets per account, and each one's delivery log. */
@Controller("/api/v1/webhooks")
@Secured(SecurityRule.IS_AUTHENTICATED)
class WebhookController {
    private static final Set<String> FIELDS = Set.of("url", "description", "event_types", "enabled");
    private final TransactionOperations<Connection> tx;
    private final WebhookRepository webhooks;
    private final OutboundPolicy outbound;
    private final JsonText json;

    WebhookController(
            TransactionOperations<Connection> tx, WebhookRepository webhooks, OutboundPolicy outbound, JsonText json) {
        this.tx = tx;
        this.webhooks = webhooks;
        this.outbound = outbound;
        this.json = json;
    }

    @Post(consumes = MediaType.ALL)
    HttpResponse<Webhook> create(AccountId account, @Nullable @Body String body) {
        JsonFields f = JsonFields.parse(json.mapper(), body);
        f.rejectUnknown(FIELDS);
        String url = url(f, true);
        String description = f.string("description", 500, false);
        List<String> types = eventTypes(f);
        Boolean enabled = f.bool("enabled");
        f.validate();
        UUID id = UUID.randomUUID();
        String secret = StandardWebhooks.newSecret();
        WebhookRepository.Target created = tx.executeWrite(status -> {
            Connection c = status.getConnection();
            if (webhooks.count(c, account.value()) >= WebhookRepository.MAX_PER_ACCOUNT) {
                throw new ApiException(
                        ErrorCode.CONFLICT,
                        "an account holds at most " + WebhookRepository.MAX_PER_ACCOUNT + " webhooks");
            }
            webhooks.insert(
                    c,
                    account.value(),
                    id,
                    url,
                    secret,
                    description == null ? "" : description,
                    types == null ? List.of() : types,
                    enabled == null || enabled);
            return webhooks.find(c, account.value(), id).orElseThrow();
        });
        return HttpResponse.created(created.view(true));
    }

    @Get
    ListView<Webhook> list(AccountId account, PageRequest page) {
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            return ListView.of(
                    webhooks.list(c, account.value(), page.limit(), page.offset()).stream()
                            .map(t -> t.view(false))
                            .toList(),
                    webhooks.count(c, account.value()),
                    page);
        });
    }

    @Get("/{id}")
    Webhook get(AccountId account, String id) {
        return tx.executeRead(status -> webhooks.find(status.getConnection(), account.value(), parse(id)))
                .orElseThrow(() -> ApiException.notFound("webhook"))
                .view(false);
    }

    @Patch(value = "/{id}", consumes = MediaType.ALL)
    Webhook patch(AccountId account, String id, @Nullable @Body String body) {
        UUID webhookId = parse(id);
        JsonFields f = JsonFields.parse(json.mapper(), body);
        f.rejectUnknown(FIELDS);
        String url = url(f, false);
        String description = f.string("description", 500, false);
        List<String> types = eventTypes(f);
        Boolean enabled = f.bool("enabled");
        f.validate();
        return tx.executeWrite(status -> {
                    Connection c = status.getConnection();
                    WebhookRepository.Target t = webhooks.find(c, account.value(), webhookId)
                            .orElseThrow(() -> ApiException.notFound("webhook"));
                    webhooks.update(
                            c,
                            account.value(),
                            new WebhookRepository.Target(
                                    t.id(),
                                    url != null ? url : t.url(),
                                    t.secret(),
                                    description != null ? description : t.description(),
                                    types != null ? types : t.eventTypes(),
                                    enabled != null ? enabled : t.enabled(),
                                    t.createdAt(),
                                    t.updatedAt()));
                    return webhooks.find(c, account.value(), webhookId).orElseThrow();
                })
                .view(false);
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, String id) {
        UUID webhookId = parse(id);
        if (!tx.executeWrite(status -> webhooks.delete(status.getConnection(), account.value(), webhookId))) {
            throw ApiException.notFound("webhook");
        }
        return HttpResponse.noContent();
    }

    @Get("/{id}/deliveries")
    ListView<Delivery> deliveries(AccountId account, String id, PageRequest page) {
        UUID webhookId = parse(id);
        return tx.executeRead(status -> {
            Connection c = status.getConnection();
            webhooks.find(c, account.value(), webhookId).orElseThrow(() -> ApiException.notFound("webhook"));
            return ListView.of(
                    webhooks.deliveries(c, account.value(), webhookId, page.limit(), page.offset()),
                    webhooks.countDeliveries(c, account.value(), webhookId),
                    page);
        });
    }

    private String url(JsonFields f, boolean required) {
        String url = f.string("url", 2000, required);
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
        return url;
    }

    private static List<String> eventTypes(JsonFields f) {
        List<String> types = f.stringList("event_types", 30, 60);
        if (types != null) {
            for (String t : types) {
                if (!t.equals("*") && !t.matches("incident\\.[a-z_]{1,40}")) {
                    f.error("event_types", "entries are * or incident.<kind>, e.g. incident.status_changed");
                }
            }
        }
        return types;
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("webhook");
        }
    }
}
