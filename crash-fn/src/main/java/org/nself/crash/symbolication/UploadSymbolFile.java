package org.nself.crash.symbolication;

import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import org.nself.shared.error.ApiException;
import org.nself.shared.error.ErrorCode;
import org.nself.shared.tenancy.AccountId;

/** Checks, identifies and stores one uploaded symbol file. */
@Singleton
record UploadSymbolFile(
        SymbolFileRepository repository,
        SymbolSettings settings,
        ApplicationEventPublisher<SymbolFilesChanged> events) {
    private static final int MAX_FILE_NAME = 255;

    SymbolFileRepository.Saved upload(AccountId account, byte[] content, String fileName, String declaredDebugId) {
        if (content.length > settings.maxUploadBytes()) {
            throw tooLarge();
        }
        if (content.length == 0) {
            throw ApiException.invalid("file", "is empty");
        }
        String name = cleanName(fileName);
        DebugId declared = null;
        if (declaredDebugId != null && !declaredDebugId.isBlank()) {
            try {
                declared = DebugId.parse(declaredDebugId);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("debug_id", "is not a debug id (a UUID, optionally with -age)");
            }
        }
        SymbolFiles.Contents contents;
        try {
            contents =
                    SymbolFiles.identify(content, name, declared, settings.archiveLimits(), settings.maxTableBytes());
        } catch (SymbolTableTooLarge e) {
            throw new ApiException(
                    ErrorCode.PAYLOAD_TOO_LARGE,
                    e.getMessage(),
                    List.of(new org.nself.shared.error.ApiError.Detail("file", e.getMessage())));
        } catch (ArchiveRejected e) {
            throw e.tooLarge()
                    ? new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, e.getMessage())
                    : ApiException.invalid("file", e.getMessage());
        } catch (SymbolFileException e) {
            throw new ApiException(
                    ErrorCode.UNPROCESSABLE,
                    "unreadable symbol file: " + e.getMessage(),
                    List.of(new org.nself.shared.error.ApiError.Detail("file", e.getMessage())));
        }
        SymbolFileRepository.Saved saved =
                repository.save(account, contents.format(), name, content, sha256(content), contents.identities());
        if (saved.created()) {
            events.publishEvent(new SymbolFilesChanged(
                    account,
                    saved.file().id(),
                    contents.identities().stream().map(SymbolIdentity::debugId).toList(),
                    false));
        }
        return saved;
    }

    ApiException tooLarge() {
        return new ApiException(
                ErrorCode.PAYLOAD_TOO_LARGE, "symbol file exceeds " + settings.maxUploadBytes() + " bytes");
    }

    private static String cleanName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return null;
        }
        String base = SymbolFiles.baseName(fileName.replace('\\', '/')).strip();
        StringBuilder clean = new StringBuilder();
        base.codePoints()
                .filter(cp -> cp >= 0x20 && cp != 0x7f)
                .limit(MAX_FILE_NAME)
                .forEach(clean::appendCodePoint);
        return clean.isEmpty() ? null : clean.toString();
    }

    private static String sha256(byte[] content) {
        try {
            return DebugId.hex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
