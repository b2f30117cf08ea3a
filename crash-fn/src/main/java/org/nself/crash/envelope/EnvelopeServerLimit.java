package org.nself.crash.envelope;

import io.micronaut.context.annotation.Context;
import io.micronaut.http.server.HttpServerConfiguration;
import org.nself.shared.config.ConfigurationError;

/**
 * The server's request cap must sit above an envelope's wire limit (20 MiB), or envelopes between the two
 * meet the server's cap instead of the route's 413: Netty ends the streamed body midway, and the request
 * was seen answered 400 only after minutes. Checked at start-up, so such a setting never runs.
 */
@Context
record EnvelopeServerLimit(HttpServerConfiguration server) {
    EnvelopeServerLimit {
        if (server.getMaxRequestSize() < EnvelopeController.MAX_ENVELOPE_WIRE) {
            throw new ConfigurationError(
                    "MICRONAUT_SERVER_MAX_REQUEST_SIZE",
                    "must be at least " + EnvelopeController.MAX_ENVELOPE_WIRE + " (a Sentry envelope's 20 MiB)");
        }
    }
}
