package org.nself.crash.minidump;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;
import org.nself.crash.event.CrashEventParser;
import org.nself.shared.error.ApiException;
import org.nself.shared.tenancy.AccountId;

/** Bearer download of the minidump a report was made from: {@code GET /api/v1/crashes/{id}/reports/{event}/minidump}. */
@Controller("/api/v1/crashes")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record MinidumpDownloadController(MinidumpRepository dumps) {
    @Get(uri = "/{id}/reports/{eventId}/minidump", produces = MediaType.APPLICATION_OCTET_STREAM)
    HttpResponse<byte[]> download(AccountId account, @PathVariable String id, @PathVariable String eventId) {
        long group;
        try {
            group = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ApiException.notFound("crash group");
        }
        UUID event = CrashEventParser.eventIdOrNull(eventId);
        if (event == null) {
            throw ApiException.notFound("minidump");
        }
        byte[] dump = dumps.find(account, group, event).orElseThrow(() -> ApiException.notFound("minidump"));
        return HttpResponse.ok(dump)
                .header("Content-Disposition", "attachment; filename=\"" + CrashEventParser.hex(event) + ".dmp\"");
    }
}
