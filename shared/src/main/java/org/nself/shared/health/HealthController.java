package org.nself.shared.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.nself.shared.error.DatabaseFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /health}: the process is alive (200, with migration counts when the database answers; 503 with
 * the names of the failing parts while a {@link Liveness} bean is not alive).
 * {@code /ready}: 200 only when the database answers and every migration is applied, else 503.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
@ExecuteOn(TaskExecutors.BLOCKING)
final class HealthController {
    private static final Logger LOG = LoggerFactory.getLogger(HealthController.class);
    private final ServiceInfo service;
    private final Migrations migrations;
    private final List<Liveness> parts;
    private volatile int lastApplied = -1;

    HealthController(ServiceInfo service, Migrations migrations, List<Liveness> parts) {
        this.service = service;
        this.migrations = migrations;
        this.parts = List.copyOf(parts);
    }

    @Get("/health")
    HttpResponse<HealthView> health() {
        Integer applied = null;
        try {
            applied = migrations.applied();
            lastApplied = applied;
        } catch (RuntimeException e) {
            applied = lastApplied < 0 ? null : lastApplied;
        }
        MigrationCounts counts = new MigrationCounts(applied, migrations.expected());
        List<String> failing =
                parts.stream().filter(p -> !p.alive()).map(Liveness::name).toList();
        if (!failing.isEmpty()) {
            return HttpResponse.<HealthView>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
                    .body(new HealthView("unhealthy", service.plugin(), service.version(), now(), counts, failing));
        }
        return HttpResponse.ok(new HealthView("ok", service.plugin(), service.version(), now(), counts, null));
    }

    @Get("/ready")
    HttpResponse<ReadyView> ready() {
        try {
            migrations.migrate();
            int applied = migrations.applied();
            lastApplied = applied;
            MigrationCounts counts = new MigrationCounts(applied, migrations.expected());
            if (applied < migrations.expected()) {
                return HttpResponse.<ReadyView>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
                        .header("Retry-After", "5")
                        .body(new ReadyView(false, service.plugin(), now(), counts, "migrations pending"));
            }
            return HttpResponse.ok(new ReadyView(true, service.plugin(), now(), counts, null));
        } catch (RuntimeException e) {
            boolean down = DatabaseFailures.isDatabaseUnavailable(e);
            if (!down) {
                LOG.error("readiness check failed", e);
            }
            return HttpResponse.<ReadyView>status(io.micronaut.http.HttpStatus.SERVICE_UNAVAILABLE)
                    .header("Retry-After", "5")
                    .body(new ReadyView(
                            false, service.plugin(), now(), null, down ? "database unavailable" : "migrations failed"));
        }
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Serdeable
    record MigrationCounts(@Nullable Integer applied, int expected) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HealthView(
            String status,
            String plugin,
            String version,
            Instant timestamp,
            MigrationCounts migrations,
            @Nullable List<String> failing) {}

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReadyView(
            boolean ready,
            String plugin,
            Instant timestamp,
            @Nullable MigrationCounts migrations,
            @Nullable String error) {}
}
