package org.nself.shared.lambda;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.env.Environment;
import org.nself.shared.config.EnvironmentSettings;

/** Lambda start-up reads the same variables as the server, through the same function. */
final class LambdaSettings {
    private LambdaSettings() {}

    static ApplicationContextBuilder configure(ApplicationContextBuilder builder) {
        return builder.environments(Environment.FUNCTION, "lambda")
                .properties(EnvironmentSettings.fromEnvironment(System.getenv()));
    }
}
