package org.nself.shared.lambda;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import java.util.Optional;
import java.util.function.Function;
import org.nself.shared.config.ConfigurationError;
import org.nself.shared.config.EnvironmentSettings;

/** Lambda start-up reads the same variables as the server, through the same function. */
final class LambdaSettings {
    private LambdaSettings() {}

    static ApplicationContextBuilder configure(ApplicationContextBuilder builder) {
        return builder.environments(Environment.FUNCTION, "lambda")
                .properties(EnvironmentSettings.fromEnvironment(System.getenv()));
    }

    /**
     * Starts the handler's context ({@code start} is the handler's own start); a setting its beans refused
     * fails the init as the one-line {@link ConfigurationError} naming the variable, as on the server.
     */
    static Environment start(ApplicationContext context, Function<ApplicationContext, Environment> start) {
        try {
            return start.apply(context);
        } catch (RuntimeException e) {
            Optional<ConfigurationError> setting = ConfigurationError.causing(e);
            throw setting.isPresent() ? setting.get() : e;
        }
    }
}
