package org.nself.anomaly.scoring;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code POST /api/v1/ingest}: points scored before the answer ({@link IngestPoints}), written by
 * {@link IngestViewJson}.
 */
@Controller("/api/v1/ingest")
@Secured(SecurityRule.IS_AUTHENTICATED)
record IngestController(IngestPoints ingest) {
    static final long MAX_DECODED_BYTES = 8L * 1024 * 1024;

    @Post(consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> ingest(
            AccountId account, @Body byte[] raw, @Nullable @Header("Content-Encoding") String encoding) {
        IngestView view = ingest.ingest(account.value(), RequestBodies.decode(raw, encoding, MAX_DECODED_BYTES));
        return HttpResponse.ok(IngestViewJson.write(view)).contentType(MediaType.APPLICATION_JSON_TYPE);
    }
}
