package org.nself.crash.symbolication;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored symbol file as the API shows it (never its bytes). */
@Serdeable
public record SymbolFileView(
        UUID id,
        String format,
        String fileName,
        long sizeBytes,
        String sha256,
        Instant createdAt,
        List<DebugIdView> debugIds) {

    /** One debug id the file can symbolicate. */
    @Serdeable
    public record DebugIdView(String debugId, String codeId, String arch, String debugFile) {}
}
