package org.nself.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nself.shared.limits.IngestBudget;

/**
 * Settings every function shares, at the lowest precedence so a module's application.yml, the
 * environment and tests can override each of them.
 */
@ContextConfigurer
public final class NselfDefaults implements ApplicationContextConfigurer {
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    static final Map<String, Object> DEFAULTS = defaults();

    @Override
    public void configure(ApplicationContextBuilder builder) {
        builder.propertySources(PropertySource.of("nself-defaults", DEFAULTS, Integer.MIN_VALUE / 2));
    }

    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("micronaut.server.host", "127.0.0.1");
        d.put("micronaut.server.max-request-size", DEFAULT_MAX_BODY_BYTES);
        d.put("micronaut.server.thread-selection", "AUTO");
        // Lambda never decompresses bodies; decoding them ourselves (RequestBodies) keeps both runtimes alike
        d.put("micronaut.server.netty.request-decompression-enabled", false);
        d.put("micronaut.server.date-header", false);
        d.put("micronaut.serde.property-naming-strategy", "SNAKE_CASE");
        d.put("micronaut.serde.write-dates-as-timestamps", false);
        d.put("micronaut.security.enabled", true);
        d.put("micronaut.security.reject-not-found", false);
        d.put("micronaut.security.authentication", "bearer");
        d.put("micronaut.security.endpoints.introspection.enabled", false);
        d.put("micronaut.security.endpoints.keys.enabled", false);
        d.put("micronaut.security.endpoints.login.enabled", false);
        d.put("micronaut.security.endpoints.logout.enabled", false);
        d.put("micronaut.security.endpoints.oauth.enabled", false);
        d.put("micronaut.security.redirect.enabled", false);
        d.put("endpoints.all.enabled", false);
        d.put("endpoints.health.service-ready-indicator-enabled", false);
        d.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        d.put("datasources.default.dialect", "POSTGRES");
        d.put("datasources.default.maximum-pool-size", 10);
        d.put("datasources.default.minimum-idle", 1);
        d.put("datasources.default.connection-timeout", 3000);
        d.put("datasources.default.validation-timeout", 2000);
        d.put("datasources.default.initialization-fail-timeout", -1);
        // the shared settings records (their components carry no defaults: Micronaut would quietly bind a
        // component's default in place of a value it cannot convert, and a bad value must stop start-up)
        d.put("nself.service.version", "0.1.0");
        d.put("nself.jobs.initial-delay", "10s");
        d.put("nself.rate-limit.max", 6000);
        d.put("nself.rate-limit.window-ms", 60000);
        d.put("nself.rate-limit.ingest-per-second", 500);
        d.put("nself.rate-limit.ingest-account-per-second", 5000);
        d.put("nself.ingest.max-in-flight-bytes", IngestBudget.DEFAULT_MAX_IN_FLIGHT_BYTES);
        d.put("nself.client-address.trusted-header", "");
        d.put("nself.outbound.allow", "");
        return Map.copyOf(d);
    }
}
