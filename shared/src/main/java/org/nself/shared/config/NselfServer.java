package org.nself.shared.config;

import io.micronaut.runtime.Micronaut;
import java.util.Map;

/**
 * Starts a function as a Netty server: reads the environment (SPEC.md §1) and either starts or stops
 * with one line naming the variable at fault — never a stack trace.
 */
public final class NselfServer {
    private NselfServer() {}

    public static void run(Class<?> application, String plugin, String[] args) {
        Map<String, Object> properties;
        try {
            properties = EnvironmentSettings.fromEnvironment(System.getenv());
        } catch (ConfigurationError e) {
            System.err.println(plugin + ": cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        Micronaut.build(args)
                .mainClass(application)
                .properties(properties)
                .banner(false)
                .start();
    }
}
