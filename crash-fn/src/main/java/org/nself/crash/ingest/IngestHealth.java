package org.nself.crash.ingest;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.nself.shared.health.Liveness;

/** The report writer as a part of {@code /health}: 503 while its thread is dead, so the runtime restarts the process. */
@Factory
final class IngestHealth {
    @Singleton
    Liveness reportWriter(ReportQueue queue) {
        return new Liveness("crash-report-writer", queue::alive);
    }
}
