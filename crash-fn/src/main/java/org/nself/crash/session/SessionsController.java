package org.nself.crash.session;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.nself.crash.web.QueryParams;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/** {@code GET /api/v1/sessions}: sessions newest first, filtered by release, environment, status, did, time (bearer). */
@Controller("/api/v1/sessions")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record SessionsController(ListSessions sessions) {
    @Get
    ListView<ListSessions.SessionView> list(
            AccountId account,
            PageRequest page,
            @Nullable @QueryValue String release,
            @Nullable @QueryValue String environment,
            @Nullable @QueryValue String status,
            @Nullable @QueryValue String did,
            @Nullable @QueryValue String since,
            @Nullable @QueryValue String until) {
        return sessions.list(
                account,
                new ListSessions.Filter(
                        QueryParams.text("release", release, 200),
                        QueryParams.text("environment", environment, 64),
                        SessionStatus.parse(QueryParams.oneOf("status", status, SessionStatus.WIRE_NAMES, null))
                                .orElse(null),
                        didHash(did),
                        QueryParams.instant("since", since),
                        QueryParams.instant("until", until)),
                page);
    }

    /** Sessions store the hash of a device id, never the id. */
    private static Long didHash(String raw) {
        String did = QueryParams.text("did", raw, 256);
        return did == null ? null : SessionParser.hashDid(did);
    }
}
