package org.nself.crash.symbolication;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.nself.crash.symbolication.DifAssembly.FileAnswer;
import org.nself.crash.symbolication.DifAssembly.FileRequest;
import org.nself.shared.error.ApiException;
import org.nself.shared.tenancy.AccountId;

/**
 * The part of Sentry's API that sentry-cli uploads symbols through ({@code debug-files upload},
 * {@code upload-proguard}), with the same bearer tokens as {@code /api/v1}. The organization and project in
 * the path are names only: symbol files belong to the token's account, as {@code /api/v1/dsyms} ones do.
 */
@Controller("/api/0")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record ChunkUploadController(
        UploadChunks chunks,
        AssembleDifs assemble,
        ChunkUploadSettings settings,
        SymbolSettings symbols,
        JsonMapper json) {
    static final String SLUG = "[A-Za-z0-9._-]+";
    static final long MAX_ASSEMBLE_BODY = 1024 * 1024;
    private static final Argument<Map<String, FileRequest>> ASSEMBLE_REQUEST =
            Argument.mapOf(Argument.STRING, Argument.of(FileRequest.class));

    @Get("/organizations/{org:" + SLUG + "}/chunk-upload{/}")
    DifAssembly.Options options(AccountId account, @PathVariable String org) {
        return new DifAssembly.Options(
                "/api/0/organizations/" + org + "/chunk-upload/",
                settings.chunkSize(),
                settings.chunksPerRequest(),
                symbols.maxUploadBytes(),
                settings.maxRequestSize(),
                settings.concurrency(),
                "sha1",
                List.of("gzip"),
                List.of("debug_files", "proguard"));
    }

    @Post(uri = "/organizations/{org:" + SLUG + "}/chunk-upload{/}", consumes = MediaType.ALL)
    Map<String, Object> upload(
            HttpRequest<?> request,
            AccountId account,
            @PathVariable String org,
            @Nullable @Body byte[] body,
            @Nullable @Header("Content-Type") String contentType) {
        byte[] raw = SymbolFileController.rawBody(request, body, contentType);
        if (raw.length > ChunkUploadLimitFilter.maxChunkRequest(settings)) {
            throw ChunkUploadLimitFilter.tooLarge(settings);
        }
        chunks.upload(account, contentType, raw);
        return Map.of();
    }

    @Post(uri = "/projects/{org:" + SLUG + "}/{project:" + SLUG + "}/files/difs/assemble{/}", consumes = MediaType.ALL)
    Map<String, FileAnswer> assemble(
            AccountId account, @PathVariable String org, @PathVariable String project, @Nullable @Body byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiException.invalid("body", "is empty: expected a JSON object of files by SHA-1");
        }
        if (body.length > MAX_ASSEMBLE_BODY) {
            throw ChunkUploadLimitFilter.assembleTooLarge();
        }
        Map<String, FileRequest> files;
        try {
            files = json.readValue(body, ASSEMBLE_REQUEST);
        } catch (IOException | RuntimeException e) {
            throw ApiException.invalid("body", "is not a JSON object of files by SHA-1 ({name, debug_id, chunks})");
        }
        if (files == null) {
            throw ApiException.invalid("body", "is not a JSON object of files by SHA-1");
        }
        return assemble.assemble(account, files);
    }
}
