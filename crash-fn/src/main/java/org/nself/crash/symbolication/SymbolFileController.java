package org.nself.crash.symbolication;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.http.FullHttpRequest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.PathIds;
import org.nself.shared.limits.RequestBodies;
import org.nself.shared.paging.ListView;
import org.nself.shared.paging.PageRequest;
import org.nself.shared.tenancy.AccountId;

/**
 * {@code /api/v1/dsyms}: upload (multipart field {@code file}, or the raw body), list, show and delete
 * symbol files of the request's account.
 */
@Controller("/api/v1/dsyms")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
record SymbolFileController(
        UploadSymbolFile upload, DeleteSymbolFile delete, SymbolFileRepository repository, SymbolSettings settings) {
    /** Room for multipart framing around a file of the maximum size. */
    static final long MULTIPART_OVERHEAD = 64 * 1024;

    /**
     * The file: either the {@code file} field of a {@code multipart/form-data} body, or the whole body
     * of any other content type (octet-stream, text, zip, ELF...); its bytes decide the format. Both are
     * read from the raw body, identically on Netty and Lambda.
     */
    @Post(consumes = MediaType.ALL)
    HttpResponse<SymbolFileView> upload(
            HttpRequest<?> request,
            AccountId account,
            @Nullable @Body byte[] body,
            @Nullable @Header("Content-Type") String contentType,
            @Nullable @QueryValue("file_name") String fileName,
            @Nullable @QueryValue("debug_id") String debugId) {
        byte[] raw = rawBody(request, body, contentType);
        if (raw.length > settings.maxUploadBytes() + MULTIPART_OVERHEAD) {
            throw upload.tooLarge();
        }
        if (MultipartFile.isMultipart(contentType)) {
            MultipartFile file;
            try {
                file = MultipartFile.find(contentType, raw, "file")
                        .orElseThrow(() -> ApiException.invalid("file", "the multipart body has no field 'file'"));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("body", e.getMessage());
            }
            return answer(upload.upload(account, decoded(file.content()), file.fileName(), debugId));
        }
        return answer(upload.upload(account, decoded(raw), fileName, debugId));
    }

    /** The bytes of a body bound as {@code body}, also where the Lambda adapter bound none for a form. */
    static byte[] rawBody(HttpRequest<?> request, @Nullable byte[] body, @Nullable String contentType) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length == 0 && MultipartFile.isMultipart(contentType) && request instanceof FullHttpRequest<?> full) {
            // the Lambda adapter binds no bytes for a form content type; its buffered contents are the body
            ByteBuffer<?> contents = full.contents();
            raw = contents == null ? raw : contents.toByteArray();
        }
        return raw;
    }

    /** Newest first; {@code ?debug_id=} keeps the files that can symbolicate that id. */
    @Get
    ListView<SymbolFileView> list(
            AccountId account, PageRequest page, @Nullable @QueryValue("debug_id") String debugId) {
        DebugId filter = null;
        if (debugId != null) {
            try {
                filter = DebugId.parse(debugId);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("debug_id", "is not a debug id (a UUID, optionally with -age)");
            }
        }
        return ListView.of(repository.list(account, filter, page), repository.count(account, filter), page);
    }

    @Get("/{id}")
    SymbolFileView show(AccountId account, @PathVariable String id) {
        return repository.find(account, uuid(id)).orElseThrow(() -> ApiException.notFound("symbol file"));
    }

    @Delete("/{id}")
    HttpResponse<Void> delete(AccountId account, @PathVariable String id) {
        delete.delete(account, uuid(id));
        return HttpResponse.noContent();
    }

    private byte[] decoded(byte[] body) {
        if (body == null) {
            return new byte[0];
        }
        // clients may gzip a symbol file (as sentry-cli does); a bomb stops at the upload limit
        return RequestBodies.looksGzipped(body)
                ? RequestBodies.decode(body, "gzip", settings.maxUploadBytes())
                : RequestBodies.decode(body, "identity", settings.maxUploadBytes());
    }

    private static HttpResponse<SymbolFileView> answer(SymbolFileRepository.Saved saved) {
        return HttpResponse.<SymbolFileView>status(saved.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(saved.file());
    }

    private static UUID uuid(String id) {
        return PathIds.uuid(id, "symbol file");
    }
}
