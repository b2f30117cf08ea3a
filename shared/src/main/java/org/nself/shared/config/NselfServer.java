package org.nself.shared.config;

import io.micronaut.context.env.Environment;
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
            refuse(plugin, e);
            return;
        }
        new Server(plugin)
                .args(args)
                .mainClass(application)
                .properties(properties)
                .banner(false)
                .start();
    }

    private static void refuse(String plugin, ConfigurationError e) {
        System.err.println(plugin + ": cannot start: " + e.getMessage());
        System.exit(2);
    }

    /** Micronaut's start, except that a setting its beans refused ends it as a malformed variable does. */
    private static final class Server extends Micronaut {
        private final String plugin;

        Server(String plugin) {
            this.plugin = plugin;
        }

        @Override
        protected void handleStartupException(Environment environment, Throwable failure) {
            ConfigurationError.causing(failure)
                    .ifPresentOrElse(
                            error -> refuse(plugin, error), () -> super.handleStartupException(environment, failure));
        }
    }
}
