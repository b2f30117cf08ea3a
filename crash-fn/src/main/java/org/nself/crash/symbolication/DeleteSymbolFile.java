package org.nself.crash.symbolication;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.nself.shared.error.ApiException;
import org.nself.shared.tenancy.AccountId;

/**
 * Deletes one symbol file with its bytes and debug ids, then tells the listeners (the {@link
 * Symbolicator} drops the file's parsed tables from this instance's cache).
 */
@Singleton
record DeleteSymbolFile(SymbolFileRepository repository, ApplicationEventPublisher<SymbolFilesChanged> events) {
    /** 404 when the account has no such file. */
    void delete(AccountId account, UUID fileId) {
        var debugIds = repository.delete(account, fileId).orElseThrow(() -> ApiException.notFound("symbol file"));
        events.publishEvent(new SymbolFilesChanged(account, fileId, debugIds, true));
    }
}
