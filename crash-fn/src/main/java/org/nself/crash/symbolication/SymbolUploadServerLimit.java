package org.nself.crash.symbolication;

import io.micronaut.context.annotation.Context;
import io.micronaut.http.server.HttpServerConfiguration;
import org.nself.shared.config.ConfigurationError;

/**
 * The server's request cap must hold a symbol upload of the configured size with its multipart framing, or
 * uploads between the two get the server's refusal instead of the route's 413. Checked at start-up.
 */
@Context
record SymbolUploadServerLimit(SymbolSettings settings, HttpServerConfiguration server) {
    SymbolUploadServerLimit {
        long needed = settings.maxUploadBytes() + SymbolFileController.MULTIPART_OVERHEAD;
        if (server.getMaxRequestSize() < needed || server.getMaxRequestBufferSize() < needed) {
            throw new ConfigurationError(
                    "NSELF_CRASH_SYMBOLS_MAX_UPLOAD_BYTES",
                    "must leave room for multipart framing under the server's request limit of "
                            + Math.min(server.getMaxRequestSize(), server.getMaxRequestBufferSize())
                            + " bytes (MICRONAUT_SERVER_MAX_REQUEST_SIZE, MICRONAUT_SERVER_MAX_REQUEST_BUFFER_SIZE)");
        }
    }
}
