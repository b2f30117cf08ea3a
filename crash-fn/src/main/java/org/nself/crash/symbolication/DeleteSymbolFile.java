package org.nself.crash.symbolication;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.tenancy.AccountId;

/** Deletes one symbol file: its rows, its parsed tables in this instance's cache, and tells the listeners. */
@Singleton
final class DeleteSymbolFile {
    private final SymbolFileRepository repository;
    private final Symbolicator symbolicator;
    private final ApplicationEventPublisher<SymbolFilesChanged> events;

    DeleteSymbolFile(
            SymbolFileRepository repository,
            Symbolicator symbolicator,
            ApplicationEventPublisher<SymbolFilesChanged> events) {
        this.repository = repository;
        this.symbolicator = symbolicator;
        this.events = events;
    }

    /** 404 when the account has no such file. */
    void delete(AccountId account, UUID fileId) {
        var debugIds = repository.delete(account, fileId).orElseThrow(() -> ApiException.notFound("symbol file"));
        symbolicator.forget(account, fileId);
        events.publishEvent(new SymbolFilesChanged(account, fileId, debugIds, true));
    }
}
