package org.nself.crash.symbolication;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.util.UUID;
import org.nself.shared.error.ApiException;
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
final class SymbolFileController {
    private final UploadSymbolFile upload;
    private final SymbolFileRepository repository;
    private final Symbolicator symbolicator;
    private final SymbolSettings settings;
    private final ApplicationEventPublisher<SymbolFilesChanged> events;

    SymbolFileController(
            UploadSymbolFile upload,
            SymbolFileRepository repository,
            Symbolicator symbolicator,
            SymbolSettings settings,
            ApplicationEventPublisher<SymbolFilesChanged> events) {
        this.upload = upload;
        this.repository = repository;
        this.symbolicator = symbolicator;
        this.settings = settings;
        this.events = events;
    }

    @Post(consumes = MediaType.MULTIPART_FORM_DATA)
    HttpResponse<SymbolFileView> uploadForm(
            AccountId account, @Part("file") CompletedFileUpload file, @Nullable @QueryValue("debug_id") String debugId)
            throws IOException {
        if (file.getSize() > settings.maxUploadBytes()) {
            throw upload.tooLarge();
        }
        byte[] content = file.getBytes();
        return answer(upload.upload(account, decoded(content), file.getFilename(), debugId));
    }

    /** Any other content type is the file itself (octet-stream, text, zip, ELF, ...); its bytes decide the format. */
    @Post(consumes = MediaType.ALL)
    HttpResponse<SymbolFileView> uploadRaw(
            AccountId account,
            @Body byte[] body,
            @Nullable @QueryValue("file_name") String fileName,
            @Nullable @QueryValue("debug_id") String debugId) {
        return answer(upload.upload(account, decoded(body), fileName, debugId));
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
        UUID fileId = uuid(id);
        var debugIds = repository.delete(account, fileId).orElseThrow(() -> ApiException.notFound("symbol file"));
        symbolicator.forget(account, fileId);
        events.publishEvent(new SymbolFilesChanged(account, fileId, debugIds, true));
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
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("symbol file");
        }
    }
}
