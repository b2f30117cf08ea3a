package org.nself.shared.config;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import io.micronaut.context.env.PropertySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nself.shared.limits.IngestBudget;

/**
 * Settings every function shares ({@code nself-defaults.properties} beside this class, plus two size
 * constants), at the lowest precedence so a module's application.yml, the environment and tests can
 * override each of them.
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
        Properties file = new Properties();
        try (InputStream in = NselfDefaults.class.getResourceAsStream("nself-defaults.properties")) {
            if (in == null) {
                throw new IllegalStateException("nself-defaults.properties is missing from the shared jar");
            }
            file.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> d = new LinkedHashMap<>();
        file.stringPropertyNames().forEach(name -> d.put(name, file.getProperty(name)));
        d.put("micronaut.server.max-request-size", DEFAULT_MAX_BODY_BYTES);
        d.put("nself.ingest.max-in-flight-bytes", IngestBudget.DEFAULT_MAX_IN_FLIGHT_BYTES);
        return Map.copyOf(d);
    }
}
