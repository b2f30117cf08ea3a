package org.nself.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nself.shared.testing.Startup;

/** A server request cap under a route's own limit stops nself-crash at start-up, naming the variable. */
class RequestLimitStartupTest {
    @Test
    void aServerCapUnderTheEnvelopeLimitIsRefused() {
        assertThat(Startup.refusal(Map.of("MICRONAUT_SERVER_MAX_REQUEST_SIZE", String.valueOf(10 * 1024 * 1024))))
                .isEqualTo("MICRONAUT_SERVER_MAX_REQUEST_SIZE: must be at least 20971520 (a Sentry envelope's 20 MiB)");
    }

    @Test
    void aSymbolUploadLimitOverTheServerCapIsRefused() {
        assertThat(Startup.refusal(Map.of("NSELF_CRASH_SYMBOLS_MAX_UPLOAD_BYTES", String.valueOf(100 * 1024 * 1024))))
                .startsWith("NSELF_CRASH_SYMBOLS_MAX_UPLOAD_BYTES: must leave room for multipart framing under the"
                        + " server's request limit of 83886080 bytes");
    }
}
